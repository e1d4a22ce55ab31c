package dev.parity.runners;

import java.util.Arrays;

/** Compares a model's declared signature with the spec's contract and names every difference it finds. */
public final class SignatureCheck {
    private SignatureCheck() {
    }

    /** @throws InvalidModelException naming the model file, what the spec expected and what the model has */
    public static void require(String model, ModelSignature signature, ModelContract contract) {
        TensorSpec expected = contract.batchedInput();
        TensorSpec input = signature.input(contract.inputName()).orElseThrow(() -> new InvalidModelException(
                model + ": the spec expects input '" + contract.inputName() + "' but the model's inputs are: "
                        + TensorSpec.describeAll(signature.inputs())));
        if (signature.inputs().size() != 1) {
            throw new InvalidModelException(model + ": Parity feeds one input ('" + contract.inputName()
                    + "') but the model has " + signature.inputs().size() + ": "
                    + TensorSpec.describeAll(signature.inputs()));
        }
        if (input.dtype() != expected.dtype()) {
            throw new InvalidModelException(model + ": input '" + input.name() + "' is "
                    + input.dtype().label() + " but the spec declares " + expected.dtype().label());
        }
        if (!shapesCompatible(input.shape(), expected.shape())) {
            throw new InvalidModelException(model + ": input '" + input.name() + "' has shape "
                    + TensorSpec.shapeText(input.shape()) + " but the spec's preprocessing gives "
                    + TensorSpec.shapeText(expected.shape()) + " (batch first)");
        }
        TensorSpec output = signature.output(contract.outputName()).orElseThrow(() -> new InvalidModelException(
                model + ": the spec expects output '" + contract.outputName() + "' but the model's outputs are: "
                        + TensorSpec.describeAll(signature.outputs())));
        if (output.dtype() != contract.outputType()) {
            throw new InvalidModelException(model + ": output '" + output.name() + "' is "
                    + output.dtype().label() + " but the spec declares " + contract.outputType().label());
        }
    }

    /** Same rank, and every dimension equal unless either side leaves it dynamic (-1). */
    static boolean shapesCompatible(long[] actual, long[] expected) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] >= 0 && expected[i] >= 0 && actual[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Checks a batch output: [batch, ...] with the batch dimension equal to the batch size. */
    public static void requireOutputShape(String model, String outputName, long[] shape, int batchSize) {
        if (shape.length == 0 || shape[0] != batchSize) {
            throw new InvalidModelException(model + ": output '" + outputName + "' has shape "
                    + Arrays.toString(shape) + " for a batch of " + batchSize + "; expected the batch first");
        }
    }
}

package dev.parity.runners;

/**
 * What the eval spec says the model must look like: one input and one output, each with its per-sample
 * shape (the batch dimension excluded) and element type. Runners check the model against this before
 * the first batch, so a wrong model fails with a message naming both sides instead of with garbage scores.
 */
public record ModelContract(String inputName, DType inputType, long[] inputSampleShape,
                            String outputName, DType outputType) {

    public ModelContract {
        inputSampleShape = inputSampleShape.clone();
    }

    @Override
    public long[] inputSampleShape() {
        return inputSampleShape.clone();
    }

    /** The input as a batched tensor spec: [batch, ...sample shape], batch dynamic. */
    public TensorSpec batchedInput() {
        long[] shape = new long[inputSampleShape.length + 1];
        shape[0] = -1;
        System.arraycopy(inputSampleShape, 0, shape, 1, inputSampleShape.length);
        return new TensorSpec(inputName, inputType, shape);
    }
}

package dev.parity.runners.kserve;

import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import dev.parity.runners.ModelSignature;
import dev.parity.runners.SignatureCheck;

/**
 * The signature check of a served model, saying where the fix goes: a server often names tensors otherwise than
 * the exported model (Triton's PyTorch backend: INPUT__0 / OUTPUT__0), and the spec maps them with
 * {@code server.input} / {@code server.output}.
 */
final class ServedSignature {
    private ServedSignature() {
    }

    /**
     * @param contract the spec's contract with the server's names already applied
     * @return the signature, once checked against the contract
     * @throws InvalidModelException naming the spec key a missing tensor name came from (server.input when it is
     *                               set, else model.input; the same for outputs)
     */
    static ModelSignature checked(String where, ModelSignature signature, ModelContract contract,
                                  KServeSettings settings) {
        if (signature.input(contract.inputName()).isEmpty()) {
            throw missing(where, "input", contract.inputName(), settings.inputName() != null, signature.inputs());
        }
        if (signature.output(contract.outputName()).isEmpty()) {
            throw missing(where, "output", contract.outputName(), settings.outputName() != null, signature.outputs());
        }
        try {
            SignatureCheck.require(where, signature, contract);
            return signature;
        } catch (InvalidModelException e) {
            boolean names = signature.input(contract.inputName()).isEmpty()
                    || signature.output(contract.outputName()).isEmpty();
            throw new InvalidModelException(e.getMessage() + (names ? "; when the server names the tensors "
                    + "otherwise, set server.input and server.output in the variant to the server's names" : ""));
        }
    }

    private static InvalidModelException missing(String where, String kind, String name, boolean fromServerKey,
                                                 java.util.List<dev.parity.runners.TensorSpec> has) {
        String key = fromServerKey ? "server." + kind : "model." + kind;
        String fix = fromServerKey ? "set server." + kind + " to one of the server's names"
                : "when the server names the tensor otherwise, set server." + kind + " in the variant to its name";
        return new InvalidModelException(where + ": " + key + " names " + kind + " '" + name + "' but the served "
                + "model's " + kind + "s are: " + dev.parity.runners.TensorSpec.describeAll(has) + "; " + fix);
    }
}

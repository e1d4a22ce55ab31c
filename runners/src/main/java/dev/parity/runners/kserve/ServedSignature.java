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

    /** @return the signature, once checked against the contract */
    static ModelSignature checked(String where, ModelSignature signature, ModelContract contract) {
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
}

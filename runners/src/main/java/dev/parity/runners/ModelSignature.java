package dev.parity.runners;

import java.util.List;
import java.util.Optional;

/**
 * What a model declares it takes and gives. TorchScript files declare no names or shapes, so a TorchScript
 * runner's signature lists what it was told to expect and marks itself {@code declared = false}.
 */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs, boolean declared) {

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}

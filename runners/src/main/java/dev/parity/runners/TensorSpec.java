package dev.parity.runners;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Name, element type and shape of one model input or output. A dimension of -1 is dynamic (any size).
 */
public record TensorSpec(String name, DType dtype, long[] shape) {

    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public String describe() {
        return name + " " + dtype.label() + shapeText(shape);
    }

    public static String shapeText(long[] shape) {
        return Arrays.stream(shape).mapToObj(d -> d < 0 ? "?" : Long.toString(d))
                .collect(Collectors.joining(",", "[", "]"));
    }

    public static String describeAll(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::describe).collect(Collectors.joining(", "));
    }

    // A record compares arrays by identity; two specs with equal shapes must be equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.dtype == dtype && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return describe();
    }
}

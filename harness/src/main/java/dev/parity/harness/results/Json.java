package dev.parity.harness.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * The one JSON mapper of our run files: snake_case keys, sorted map keys, NaN/Inf written as null, and read back as
 * NaN (an undefined figure stays undefined, never 0).
 */
public final class Json {
    public static final ObjectMapper MAPPER = create();

    private Json() {
    }

    private static ObjectMapper create() {
        SimpleModule finiteOnly = new SimpleModule("finite-doubles");
        finiteOnly.addSerializer(Double.class, new NonFiniteAsNull());
        finiteOnly.addSerializer(double.class, new NonFiniteAsNull());
        finiteOnly.addDeserializer(Double.class, new NullAsNaN(Double.class));
        finiteOnly.addDeserializer(double.class, new NullAsNaN(double.class));
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .registerModule(finiteOnly);
    }

    /** What was written as null because it was undefined reads back as NaN. */
    private static final class NullAsNaN extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<Double> {
        NullAsNaN(Class<?> type) {
            super(type);
        }

        @Override
        public Double deserialize(com.fasterxml.jackson.core.JsonParser p,
                                  com.fasterxml.jackson.databind.DeserializationContext ctxt) throws IOException {
            return p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(com.fasterxml.jackson.databind.DeserializationContext ctxt) {
            return Double.NaN;
        }
    }

    /** Standard JSON has no NaN or Infinity; a reader in any language understands null. */
    private static final class NonFiniteAsNull extends StdSerializer<Double> {
        NonFiniteAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }
}

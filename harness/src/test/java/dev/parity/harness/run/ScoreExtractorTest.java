package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.spec.ScoreTransform;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.Outputs;
import org.junit.jupiter.api.Test;

class ScoreExtractorTest {
    private final Outputs twoClass = new Outputs("probs", new long[] {2, 2}, new float[] {0f, 0f, 1f, 3f});

    @Test
    void rawSigmoidAndSoftmax() {
        float[] scores = new float[3];
        new ScoreExtractor(1, ScoreTransform.NONE).extract("v", twoClass, scores, 1);
        assertEquals(0f, scores[1]);
        assertEquals(3f, scores[2]);

        new ScoreExtractor(1, ScoreTransform.SIGMOID).extract("v", twoClass, scores, 0);
        assertEquals(0.5f, scores[0]);
        assertEquals((float) (1 / (1 + Math.exp(-3))), scores[1]);

        new ScoreExtractor(1, ScoreTransform.SOFTMAX).extract("v", twoClass, scores, 0);
        assertEquals(0.5f, scores[0]);
        assertEquals((float) (Math.exp(3) / (Math.exp(1) + Math.exp(3))), scores[1], 1e-7);
    }

    @Test
    void sigmoidAndSoftmaxDoNotOverflow() {
        assertEquals(0.0, ScoreExtractor.sigmoid(-1000));
        assertEquals(1.0, ScoreExtractor.sigmoid(1000));
        assertEquals(1.0, ScoreExtractor.softmax(new float[] {1000f, 0f}, 0, 2, 0));
    }

    @Test
    void indexBeyondTheOutputIsNamed() {
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> new ScoreExtractor(2, ScoreTransform.NONE).extract("fp16", twoClass, new float[2], 0));
        assertTrue(e.getMessage().contains("fp16: output 'probs' has 2 value(s) per sample"), e.getMessage());
    }
}

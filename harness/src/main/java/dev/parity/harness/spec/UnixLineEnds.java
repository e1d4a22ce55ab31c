package dev.parity.harness.spec;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A reader that gives every line end as LF: CRLF and a lone CR both become one LF, whatever mix a file holds
 * (Python's csv module and spreadsheets accept any; a file edited on two systems has several).
 */
final class UnixLineEnds extends FilterReader {
    /** A CR was the last character given: an LF right after it belongs to it and is dropped. */
    private boolean afterCr;

    UnixLineEnds(Reader in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        while (true) {
            int n = in.read(buf, off, len);
            if (n <= 0) return n;
            int out = off;
            for (int i = off; i < off + n; i++) {
                char c = buf[i];
                if (c == '\n' && afterCr) {
                    afterCr = false;
                    continue;
                }
                afterCr = c == '\r';
                buf[out++] = afterCr ? '\n' : c;
            }
            if (out > off) return out - off; // a chunk that was only the LF of a CRLF: read on
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}

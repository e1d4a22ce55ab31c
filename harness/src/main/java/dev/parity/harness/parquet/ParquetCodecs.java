package dev.parity.harness.parquet;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compression in pure Java: parquet-java's own codec factory goes through Hadoop's codecs (a Hadoop
 * Configuration, native snappy and zstd); aircompressor and java.util.zip decode the same pages with no native code
 * and no Hadoop. Reads the codecs Parquet writers use (uncompressed, snappy, zstd, gzip, lz4_raw); writes snappy.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    static final ParquetCodecs INSTANCE = new ParquetCodecs();
    static final String READABLE = "uncompressed, snappy, zstd, gzip, lz4_raw";

    private ParquetCodecs() {
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Decoding(codec, null);
            case SNAPPY -> new Decoding(codec, new SnappyDecompressor());
            case ZSTD -> new Decoding(codec, new ZstdDecompressor());
            case LZ4_RAW -> new Decoding(codec, new Lz4Decompressor());
            case GZIP -> new Decoding(codec, null);
            default -> throw new UnsupportedCodecException(codec);
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.SNAPPY) throw new UnsupportedCodecException(codec);
        return new SnappyEncoding();
    }

    @Override
    public void release() {
    }

    /** A page compressed with a codec Parquet allows but these readers do not decode (LZO, Brotli, Hadoop's LZ4). */
    static final class UnsupportedCodecException extends RuntimeException {
        UnsupportedCodecException(CompressionCodecName codec) {
            super("pages compressed with " + codec.name().toLowerCase(java.util.Locale.ROOT) + ", which Parity does "
                    + "not decode (it reads " + READABLE + ")");
        }
    }

    private record Decoding(CompressionCodecName codec, Decompressor decompressor) implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] in = bytes.toByteArray();
            if (codec == CompressionCodecName.UNCOMPRESSED) return BytesInput.from(in);
            byte[] out = new byte[uncompressedSize];
            int n;
            if (codec == CompressionCodecName.GZIP) {
                try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(in))) {
                    n = gz.readNBytes(out, 0, uncompressedSize);
                }
            } else {
                n = decompressor.decompress(in, 0, in.length, out, 0, uncompressedSize);
            }
            if (n != uncompressedSize) {
                throw new IOException("a " + codec + " page decoded to " + n + " bytes; its header says "
                        + uncompressedSize);
            }
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(BytesInput.from(in), uncompressedSize).toByteArray());
        }

        @Override
        public void release() {
        }
    }

    private static final class SnappyEncoding implements BytesInputCompressor {
        private final Compressor compressor = new SnappyCompressor();

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] in = bytes.toByteArray();
            byte[] out = new byte[compressor.maxCompressedLength(in.length)];
            int n = compressor.compress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out, 0, n);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.SNAPPY;
        }

        @Override
        public void release() {
        }
    }
}

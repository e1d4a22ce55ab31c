package dev.parity.runners;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Tells a TorchScript file from the other things users call model.pt or model.pth before libtorch sees it: a
 * TorchScript archive is a zip holding {@code constants.pkl} and {@code code/}; a {@code torch.save} checkpoint
 * (a state dict, or a pickled module) is a zip with only {@code data.pkl}, or a bare pickle in the legacy format.
 * Parity loads TorchScript only and never unpickles anything (unpickling runs arbitrary code), so the others are
 * refused with what they are and how to export TorchScript from them.
 */
final class TorchScriptFiles {
    static final String HOW_TO_EXPORT = "export TorchScript from the model class and its weights with "
            + "'parity export-torch --model-class module:Class --weights FILE --input-shape D,D,..' or, in Python, "
            + "torch.jit.trace(model.eval(), example_input).save('model.pt')";

    private TorchScriptFiles() {
    }

    /** @throws InvalidModelException when the file is not a TorchScript archive, saying what it is */
    static void requireTorchScript(Path file) {
        boolean constants = false, code = false, data = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                // entries live under one top folder named after the archive: model/constants.pkl, model/code/...
                String inner = name.indexOf('/') < 0 ? name : name.substring(name.indexOf('/') + 1);
                constants |= inner.equals("constants.pkl");
                code |= inner.startsWith("code/");
                data |= inner.equals("data.pkl");
            }
        } catch (ZipException e) {
            throw new InvalidModelException(file + ": not a TorchScript file: " + describeNonZip(file) + "; "
                    + HOW_TO_EXPORT);
        } catch (IOException e) {
            throw new InvalidModelException(file + ": cannot read the model file: " + e.getMessage());
        }
        if (constants && code) return;
        if (data) {
            throw new InvalidModelException(file + ": this is a torch.save checkpoint (a pickled state dict or "
                    + "module: it holds data.pkl but no TorchScript code), not TorchScript. Parity never unpickles "
                    + "files, since that runs arbitrary code; " + HOW_TO_EXPORT);
        }
        throw new InvalidModelException(file + ": a zip archive, but not TorchScript (no constants.pkl and code/ "
                + "inside); " + HOW_TO_EXPORT);
    }

    private static String describeNonZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            int first = in.read();
            // pickle protocol 2+ starts with the PROTO opcode 0x80: torch.save's legacy (pre-1.6) format
            if (first == 0x80) return "it is a pickle (torch.save's legacy format, e.g. a state dict)";
            if (first == 0x08) return "it looks like an ONNX model (use runtime: onnxruntime)";
            return first < 0 ? "the file is empty" : "it is not a zip archive";
        } catch (IOException e) {
            return "it cannot be read (" + e.getMessage() + ")";
        }
    }
}

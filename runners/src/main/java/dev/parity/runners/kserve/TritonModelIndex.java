package dev.parity.runners.kserve;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Triton's gRPC RepositoryIndexResponse, which the KServe v2 protocol (and so the generated classes Parity
 * uses) does not define: {@code repeated ModelIndex models = 1} with ModelIndex {@code name = 1, version = 2,
 * state = 3, reason = 4}, all strings. Used only to name the models a server has when the asked-for one is missing.
 */
final class TritonModelIndex {
    private TritonModelIndex() {
    }

    /** "a (READY), b (UNAVAILABLE: reason)", or a note when the index is absent, empty or unreadable. */
    static String describe(byte[] response) {
        if (response == null) return "(it offers no repository index)";
        try {
            List<String> models = new ArrayList<>();
            CodedInputStream in = CodedInputStream.newInstance(response);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == 1
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    models.add(entry(in.readBytes().newCodedInput()));
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
            return models.isEmpty() ? "no models" : String.join(", ", models);
        } catch (IOException e) {
            return "(its repository index could not be read)";
        }
    }

    private static String entry(CodedInputStream in) throws IOException {
        String name = "?", state = "", reason = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                if (!in.skipField(tag)) break;
                continue;
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readStringRequireUtf8();
                case 3 -> state = in.readStringRequireUtf8();
                case 4 -> reason = in.readStringRequireUtf8();
                default -> {
                    if (!in.skipField(tag)) return name;
                }
            }
        }
        if (state.isEmpty()) return name;
        return name + " (" + state + (reason.isEmpty() ? "" : ": " + reason) + ")";
    }
}

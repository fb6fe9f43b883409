// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * LOG_RM (4 + 16n): these log records were applied, the server may forget them. Layout: count 0:4, then {@code count}
 * 16-byte ids as they came in the LOG_ACK.
 */
public record LogRemove(List<UUID> ids) implements ClientRequest {
    public LogRemove {
        ids = List.copyOf(ids);
    }

    @Override
    public SvpOp op() {
        return SvpOp.LOG_RM;
    }

    @Override
    public int bodySize() {
        return 4 + 16 * ids.size();
    }

    @Override
    public void writeBody(ByteBuffer out) {
        out.putInt(ids.size());
        ids.forEach(id -> Wire.putId(out, id));
    }

    static LogRemove decode(ByteBuffer in) throws SvpProtocolException {
        long count = Wire.u32(in);
        if (count * 16 != in.remaining()) {
            throw new SvpProtocolException("LOG_RM says " + count + " ids but carries " + in.remaining()
                    + " bytes of ids; allowed: exactly 16 bytes per id");
        }
        List<UUID> ids = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            ids.add(Wire.getId(in));
        }
        return new LogRemove(ids);
    }
}

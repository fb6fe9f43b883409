// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntUnaryOperator;

/**
 * Runs the few classic BPF instructions the socket filters use (absolute loads of a byte, halfword or word, jump if
 * equal to a constant, return a constant) over a packet, as the kernel would, so a filter's decisions can be checked
 * without a socket. Loads past the end return 0 (the kernel drops the packet); ancillary loads ({@code k >=
 * 0xfffff000}) are answered by {@code ancillary}.
 */
public final class ClassicBpf {
    private ClassicBpf() {}

    /** The filter's verdict on {@code packet}: the number of bytes kept, 0 for a drop. */
    public static int run(byte[] program, byte[] packet, IntUnaryOperator ancillary) {
        ByteBuffer p = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int a = 0;
        int pc = 0;
        while (pc * 8 < program.length) {
            int code = Short.toUnsignedInt(p.getShort(pc * 8));
            int jt = Byte.toUnsignedInt(p.get(pc * 8 + 2));
            int jf = Byte.toUnsignedInt(p.get(pc * 8 + 3));
            int k = p.getInt(pc * 8 + 4);
            pc++;
            switch (code) {
                case 0x20, 0x28, 0x30 -> {
                    int size = code == 0x20 ? 4 : code == 0x28 ? 2 : 1;
                    if (Integer.compareUnsigned(k, 0xfffff000) >= 0) {
                        a = ancillary.applyAsInt(k - 0xfffff000);
                    } else if (k < 0 || k + size > packet.length) {
                        return 0;
                    } else {
                        a = 0;
                        for (int i = 0; i < size; i++) {
                            a = (a << 8) | (packet[k + i] & 0xff);
                        }
                    }
                }
                case 0x15 -> pc += a == k ? jt : jf;
                case 0x06 -> {
                    return k;
                }
                default -> throw new IllegalArgumentException("instruction 0x" + Integer.toHexString(code));
            }
        }
        throw new IllegalArgumentException("the program runs off its end");
    }
}

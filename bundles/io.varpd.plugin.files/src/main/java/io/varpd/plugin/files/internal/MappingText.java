// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * The text of a mapping file on its way to Gson's {@code JsonReader}: decodes UTF-8 strictly and applies the checks
 * Gson does not make, each refused at the exact place it is found.
 *
 * <p>Why a reader of our own: Java's decoder reads ahead (8 KB), so a bad byte used to be reported where Gson stood,
 * hundreds of lines before it, or with no position at all; and Gson builds every string in full (a 64 MB {@code ip}
 * value became a 64 MB string, four times over while its buffer grew) and lets raw control characters through in the
 * values it skips. So this reader
 *
 * <ul>
 *   <li>decodes UTF-8 itself and refuses the first byte that is not part of a well-formed sequence (overlong forms,
 *       surrogates and values above U+10FFFF included), naming its line, column and byte offset and showing the bytes;
 *   <li>follows just enough of the JSON grammar to know whether a character is inside a string, refuses a raw control
 *       character (U+0000-U+001F) there, which must be written as an escape, and refuses any string, number or literal
 *       longer than {@link #MAX_TOKEN} characters, so a value that will be refused anyway never costs more than that;
 *   <li>skips a leading UTF-8 byte order mark.
 * </ul>
 *
 * <p>A problem is not thrown at once: the characters before it are handed out first, and the {@link Problem} comes with
 * the next read. Gson reads ahead of what it has parsed, but only asks again when it has used what it has, so when the
 * problem reaches the mapping reader, that reader is at the entry and field that hold the bad place and can name them.
 */
final class MappingText extends Reader {
    /** The longest string (quotes excluded), number or literal, in characters. */
    static final int MAX_TOKEN = 4096;
    /** How much of a refused value a message shows. */
    static final int SHOWN = 40;

    /** A problem in the text, with its place; message: "line L, column C (byte B): what; allowed: ...". */
    static final class Problem extends IOException {
        private static final long serialVersionUID = 1L;
        private final String place;
        private final String what;

        Problem(String place, String what) {
            super(place + ": " + what);
            this.place = place;
            this.what = what;
        }

        /** "line L, column C (byte B)". */
        String place() {
            return place;
        }

        /** What is wrong and what is allowed. */
        String what() {
            return what;
        }
    }

    private final InputStream bytes;
    private final Reader chars;
    private final byte[] in = new byte[8192];
    private int inPos;
    private int inLimit;
    private final char[] charIn;

    // Where the next character starts.
    private long offset;
    private int line = 1;
    private int column = 1;
    private boolean started;
    /** The second half of a surrogate pair decoded from four bytes, or -1. */
    private int pendingLow = -1;

    private Problem pending;
    private boolean eof;

    // The JSON lexical state.
    private boolean inString;
    private boolean escaped;
    private boolean inBare;
    private int tokenLength;
    private int tokenLine;
    private int tokenColumn;
    private long tokenOffset;
    /** The first {@link #SHOWN} characters of the current token, for a message. */
    private final char[] shownChars = new char[SHOWN];

    private int shownLength;

    private MappingText(InputStream bytes, Reader chars) {
        this.bytes = bytes;
        this.chars = chars;
        this.charIn = chars == null ? null : new char[4096];
    }

    /** Decodes {@code bytes} as UTF-8. */
    static MappingText ofUtf8(InputStream bytes) {
        return new MappingText(bytes, null);
    }

    /** Checks text that is already characters; byte offsets are those of its UTF-8 encoding. */
    static MappingText ofChars(Reader chars) {
        return new MappingText(null, chars);
    }

    /** "line L, column C (byte B)"; built only for a message, never per character. */
    private static String place(int line, int column, long offset) {
        return "line " + line + ", column " + column + " (byte " + offset + ")";
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pending != null) {
            throw pending;
        }
        int n = 0;
        try {
            while (n < len) {
                if (bytes != null && started && pendingLow < 0 && !escaped) {
                    // Plain ASCII, nearly all of a mapping file, without the general path.
                    n = asciiRun(cbuf, off, n, len);
                    if (n == len) {
                        break;
                    }
                }
                int c = next();
                if (c < 0) {
                    break;
                }
                cbuf[off + n++] = (char) c;
            }
        } catch (Problem p) {
            if (n == 0) {
                throw p;
            }
            // Hand out what came before it first; the problem comes with the next read.
            pending = p;
        }
        return n == 0 && eof ? -1 : n;
    }

    /**
     * Copies buffered ASCII into {@code cbuf} from {@code n} on, with the same checks and bookkeeping as {@link #next}
     * and {@link #check}, and stops (returning the new count) at the first byte that needs more: a non-ASCII or control
     * byte, an escape, a new line, or a token about to exceed {@link #MAX_TOKEN}.
     */
    private int asciiRun(char[] cbuf, int off, int n, int len) {
        byte[] b = in;
        int p = inPos;
        int limit = Math.min(inLimit, p + (len - n));
        int start = p;
        while (p < limit) {
            int c = b[p];
            if (c < 0x20 || c == '\\') {
                break; // negative (non-ASCII), control characters and new lines, escapes
            }
            if (inString) {
                if (c != '"') {
                    // The run of plain characters up to the closing quote, escape or token limit.
                    int q = p;
                    int max = Math.min(limit, p + (MAX_TOKEN - tokenLength));
                    while (q < max) {
                        int d = b[q];
                        if (d < 0x20 || d == '"' || d == '\\') {
                            break;
                        }
                        cbuf[off + n + (q - p)] = (char) d;
                        q++;
                    }
                    for (int i = p; i < q && shownLength < SHOWN; i++) {
                        shownChars[shownLength++] = (char) b[i];
                    }
                    tokenLength += q - p;
                    n += q - p;
                    p = q;
                    if (p == limit || b[p] != '"') {
                        break; // the slow path takes what stopped the run
                    }
                    c = '"';
                }
                inString = false;
            } else if (c == '"' || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' || c == ' ') {
                if (c == '"') {
                    column += p - start;
                    offset += p - start;
                    start = p;
                    inString = true;
                    escaped = false;
                    startToken(offset);
                }
                inBare = false;
            } else {
                if (!inBare) {
                    inBare = true;
                    column += p - start;
                    offset += p - start;
                    start = p;
                    startToken(offset);
                }
                if (tokenLength == MAX_TOKEN) {
                    break;
                }
                tokenLength++;
                if (shownLength < SHOWN) {
                    shownChars[shownLength++] = (char) c;
                }
            }
            cbuf[off + n++] = (char) c;
            p++;
        }
        column += p - start;
        offset += p - start;
        inPos = p;
        return n;
    }

    /** The next UTF-16 unit, checked, or -1 at the end. */
    private int next() throws IOException {
        if (pendingLow >= 0) {
            int low = pendingLow;
            pendingLow = -1;
            column++;
            return low;
        }
        long startOffset = offset;
        int cp = bytes != null ? decode() : fromChars();
        if (cp < 0) {
            // An unfinished string or literal is Gson's to report.
            eof = true;
            return -1;
        }
        if (!started) {
            started = true;
            if (cp == 0xFEFF) {
                // A byte order mark (RFC 8259 section 8.1): skipped, and not a column.
                return next();
            }
        }
        check(cp, startOffset);
        if (chars != null) {
            offset = startOffset + utf8Length(cp);
        }
        if (cp == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        if (cp > 0xFFFF) {
            pendingLow = Character.lowSurrogate(cp);
            return Character.highSurrogate(cp);
        }
        return cp;
    }

    /** The JSON lexical checks for one code point, at the current line and column and {@code at}. */
    private void check(int cp, long at) throws Problem {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (cp == '"') {
                inString = false;
                return;
            } else if (cp == '\\') {
                escaped = true;
            } else if (cp < 0x20) {
                throw new Problem(
                        place(line, column, at),
                        "a raw control character (U+" + String.format("%04X", cp)
                                + ") inside a string; allowed: control characters written as escapes (\\n, \\t,"
                                + " \\u0001), or no control characters at all");
            }
            grow(cp, "string");
            return;
        }
        boolean separator = cp == '{'
                || cp == '}'
                || cp == '['
                || cp == ']'
                || cp == ','
                || cp == ':'
                || cp == ' '
                || cp == '\t'
                || cp == '\n'
                || cp == '\r';
        if (cp == '"') {
            inBare = false;
            inString = true;
            escaped = false;
            startToken(at);
        } else if (separator) {
            inBare = false;
        } else {
            if (!inBare) {
                inBare = true;
                startToken(at);
            }
            grow(cp, "number or literal");
        }
    }

    private void startToken(long at) {
        tokenLength = 0;
        tokenLine = line;
        tokenColumn = column;
        tokenOffset = at;
        shownLength = 0;
    }

    private void grow(int cp, String what) throws Problem {
        tokenLength++;
        for (char c : Character.toChars(cp)) {
            if (shownLength < SHOWN) {
                shownChars[shownLength++] = c;
            }
        }
        if (tokenLength > MAX_TOKEN) {
            String start = new String(shownChars, 0, shownLength);
            String shown = what.equals("string") ? "\"" + start + "...\"" : start + "...";
            throw new Problem(
                    place(tokenLine, tokenColumn, tokenOffset),
                    "a " + what + " longer than " + MAX_TOKEN + " characters (" + shown
                            + "); allowed: at most " + MAX_TOKEN + " characters (a mapping file holds MAC addresses, IP"
                            + " addresses and port numbers)");
        }
    }

    private int fromChars() throws IOException {
        if (inPos == inLimit) {
            int n = chars.read(charIn, 0, charIn.length);
            if (n < 0) {
                return -1;
            }
            inPos = 0;
            inLimit = n;
        }
        char c = charIn[inPos++];
        if (Character.isHighSurrogate(c)) {
            int low = peekChar();
            if (low >= 0 && Character.isLowSurrogate((char) low)) {
                inPos++;
                return Character.toCodePoint(c, (char) low);
            }
        }
        // A lone surrogate passes as itself: it came from an escape-free String, not from bytes.
        return c;
    }

    private int peekChar() throws IOException {
        if (inPos == inLimit) {
            int n = chars.read(charIn, 0, charIn.length);
            if (n <= 0) {
                return -1;
            }
            inPos = 0;
            inLimit = n;
        }
        return charIn[inPos];
    }

    /** Decodes one code point, or -1 at the end; refuses malformed UTF-8. */
    private int decode() throws IOException {
        int b0 = nextByte();
        if (b0 < 0) {
            return -1;
        }
        offset++;
        if (b0 < 0x80) {
            return b0;
        }
        int more;
        int min;
        int cp;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            more = 1;
            min = 0x80;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            more = 2;
            min = 0x800;
            cp = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            more = 3;
            min = 0x10000;
            cp = b0 & 0x07;
        } else {
            throw badUtf8(
                    new int[] {b0},
                    1,
                    b0 < 0xC0 ? "a continuation byte with no character to continue" : "never used in UTF-8");
        }
        int[] seen = new int[more + 1];
        seen[0] = b0;
        for (int i = 1; i <= more; i++) {
            int b = nextByte();
            if (b < 0) {
                throw badUtf8(seen, i, "cut short by the end of the file");
            }
            seen[i] = b;
            if ((b & 0xC0) != 0x80) {
                // Not consumed: it is reported as part of this sequence, and nothing follows.
                throw badUtf8(seen, i + 1, "cut short");
            }
            offset++;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min) {
            throw badUtf8(seen, more + 1, "an overlong encoding (a character written with more bytes than it takes)");
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            throw badUtf8(seen, more + 1, "an encoded UTF-16 surrogate");
        }
        if (cp > 0x10FFFF) {
            throw badUtf8(seen, more + 1, "a value above U+10FFFF");
        }
        return cp;
    }

    /**
     * A malformed sequence whose first {@code n} bytes are {@code seen}; the place is that of its first byte (line and
     * column of the character it should have been).
     */
    private Problem badUtf8(int[] seen, int n, String why) {
        long first = offset - 1 - countConsumed(seen, n);
        String what;
        if (n == 1) {
            what = "byte " + hex(seen[0]) + " is " + why;
        } else if (why.equals("cut short")) {
            StringBuilder before = new StringBuilder();
            for (int i = 0; i < n - 1; i++) {
                before.append(i == 0 ? "" : " ").append(hex(seen[i]));
            }
            what = "byte" + (n == 2 ? " " : "s ") + before + " begin" + (n == 2 ? "s" : "") + " a character that byte "
                    + hex(seen[n - 1]) + " cuts short";
        } else {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < n; i++) {
                all.append(i == 0 ? "" : " ").append(hex(seen[i]));
            }
            what = "bytes " + all + " are " + why;
        }
        return new Problem(
                place(line, column, first),
                "the text is not"
                        + " valid UTF-8: " + what + "; allowed: JSON in UTF-8 (save the file as UTF-8, or write other"
                        + " characters as \\u escapes)");
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }

    /** How many continuation bytes of {@code seen[0..n)} {@link #decode} already counted into offset. */
    private static int countConsumed(int[] seen, int n) {
        int counted = 0;
        for (int i = 1; i < n; i++) {
            if ((seen[i] & 0xC0) == 0x80) {
                counted++;
            }
        }
        return counted;
    }

    private int nextByte() throws IOException {
        if (inPos == inLimit) {
            int n = bytes.read(in, 0, in.length);
            if (n <= 0) {
                return -1;
            }
            inPos = 0;
            inLimit = n;
        }
        return in[inPos++] & 0xFF;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    @Override
    public void close() throws IOException {
        if (bytes != null) {
            bytes.close();
        } else {
            chars.close();
        }
    }
}

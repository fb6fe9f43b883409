// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.persist;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.varpd.api.PluginMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file per instance, {@code <id>.varpd}, in core's data area (illumos varpd's {@code libvarpd_persist.c}, kept
 * across restarts rather than in a tmpfs).
 *
 * <p>Format: the magic {@code varp}, a big-endian format version ({@value #VERSION}), the SHA-256 of the payload, then
 * the payload: UTF-8 JSON with the instance's id, configuration PID, link, plugin, mode, the plugin's private state and
 * (optional) the configuration the instance last ran with, each value tagged with its type so a Long comes back a Long.
 * Writes are atomic: a temporary file is written and forced to disk, renamed over the old one, and the directory is
 * forced. A write that would leave the file as it is does nothing (a restart saves every instance unchanged). A file
 * that fails any check is moved aside to {@code <name>.rejected-<millis>}, never deleted, and reported.
 *
 * <p>Owner: beside each state file, {@code <id>.owner} holds the configuration PID as one line of text, written (the
 * same atomic way) before the state file whenever it is missing or names another PID. A damaged state file cannot say
 * whose it was (truncated, emptied, garbage), and one holding another instance's state names the wrong configuration;
 * the owner file still names the right one, so the problem reaches that overlay's status. A state file with no readable
 * owner (written by varpd 1.0, or both damaged) is reported with no PID, unless its own payload still parses and names
 * its own id.
 */
public final class InstanceStore {
    static final int VERSION = 2;
    private static final byte[] MAGIC = {'v', 'a', 'r', 'p'};
    private static final int HEADER = 4 + 4 + 32;
    private static final Pattern NAME = Pattern.compile("(\\d{1,10})\\.varpd");
    private static final Pattern OWNER = Pattern.compile("(\\d{1,10})\\.owner");
    /** Longer than any PID Configuration Admin makes; a longer owner file is not one we wrote. */
    private static final int MAX_PID = 1024;

    /** What loading found: the instances to restore and the files set aside. */
    public record Loaded(List<SavedInstance> instances, List<Problem> problems) {}

    /**
     * A file set aside: the id its name gives, why, and the configuration it belonged to (null when neither its owner
     * file nor its payload could say).
     */
    public record Problem(long id, String pid, String message) {}

    private final Path dir;

    public InstanceStore(Path dir) {
        this.dir = dir;
    }

    /** A store that keeps nothing (for tests and when the framework gives no data area). */
    public static InstanceStore none() {
        return new InstanceStore(null);
    }

    /** Writes (replaces) the file of {@code s.id()}. */
    public void write(SavedInstance s) throws IOException {
        if (dir == null) {
            return;
        }
        createPrivately(dir);
        byte[] payload = encode(s).toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(HEADER + payload.length);
        buf.put(MAGIC).putInt(VERSION).put(sha256(payload)).put(payload).flip();
        boolean owned = s.pid().equals(readOwner(owner(s.id())));
        if (owned && holds(file(s.id()), buf)) {
            // Every start and stop saves each instance again, mostly unchanged: skipping the
            // write spares two forced writes per instance (about 10 ms on a busy disk, which made
            // a restart with 1,000 overlays seconds slower). load() made the names durable.
            return;
        }
        if (!owned) {
            replace(owner(s.id()), ByteBuffer.wrap((s.pid() + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        replace(file(s.id()), buf);
    }

    /** Whether {@code file} holds exactly the bytes remaining in {@code content}. */
    private static boolean holds(Path file, ByteBuffer content) {
        try {
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || Files.size(file) != content.remaining()) {
                return false;
            }
            return ByteBuffer.wrap(Files.readAllBytes(file)).equals(content);
        } catch (IOException e) {
            return false;
        }
    }

    /** Replaces {@code file} with {@code content} in one atomic rename, durably. */
    private void replace(Path file, ByteBuffer content) throws IOException {
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (content.hasRemaining()) {
                    ch.write(content);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        forceDirectory();
    }

    /**
     * Creates {@code folder} (and any missing parent) readable by this user only, 0700, whatever the umask: plugin
     * state can name hosts and addresses. Karaf starts with umask 022, which made it 0755 there; bin/varpd's umask 077
     * already gave 0700. An existing folder is left as it is.
     */
    private static void createPrivately(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(
                    folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(folder);
        }
    }

    /** Removes the file of {@code id} and its owner file, if any. */
    public void delete(long id) throws IOException {
        if (dir == null) {
            return;
        }
        boolean gone = Files.deleteIfExists(file(id));
        if (Files.deleteIfExists(owner(id)) || gone) {
            forceDirectory();
        }
    }

    /**
     * Reads every {@code <id>.varpd}; bad files are moved aside and reported with the PID of their owner file. Owner
     * files left without a state file are removed.
     */
    public Loaded load() throws IOException {
        List<SavedInstance> ok = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return new Loaded(ok, problems);
        }
        List<Path> owners = new ArrayList<>();
        List<Path> states = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (NAME.matcher(name).matches()) {
                    states.add(f);
                } else if (OWNER.matcher(name).matches()) {
                    owners.add(f);
                }
            }
        }
        for (Path f : states) {
            String name = f.getFileName().toString();
            long id = Long.parseLong(name.substring(0, name.indexOf('.')));
            try {
                if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("it is not a regular file");
                }
                SavedInstance s = read(f);
                if (s.id() != id) {
                    throw new IOException(
                            "it holds instance " + s.id() + " of configuration " + s.pid() + ", not instance " + id);
                }
                ok.add(s);
            } catch (IOException | RuntimeException e) {
                String pid = readOwner(owner(id));
                if (pid == null) {
                    pid = readablePid(f, id);
                }
                Path aside = f.resolveSibling(f.getFileName() + ".rejected-" + System.currentTimeMillis());
                Files.move(f, aside);
                Files.deleteIfExists(owner(id));
                // The reason first: statuses may be cut, and the folder can be a long path.
                problems.add(new Problem(
                        id,
                        pid,
                        "saved state " + f.getFileName() + " set aside: " + e.getMessage() + "; kept as "
                                + aside.getFileName() + " in " + dir));
            }
        }
        for (Path o : owners) {
            Matcher m = OWNER.matcher(o.getFileName().toString());
            if (m.matches()
                    && !Files.exists(file(Long.parseLong(m.group(1))), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(o);
            }
        }
        ok.sort((a, b) -> Long.compare(a.id(), b.id()));
        // A write that would change nothing is skipped (see write), so what was read here must
        // stay: one forced directory makes every rename of an earlier run durable, even one whose
        // own force was cut short by a crash.
        forceDirectory();
        return new Loaded(ok, problems);
    }

    Path file(long id) {
        return dir.resolve(id + ".varpd");
    }

    Path owner(long id) {
        return dir.resolve(id + ".owner");
    }

    /** The PID an owner file names; null when it is missing or is not one line of text we wrote. */
    private static String readOwner(Path f) {
        try {
            if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(f) > MAX_PID + 1) {
                return null;
            }
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            if (!text.endsWith("\n")) {
                return null;
            }
            String pid = text.substring(0, text.length() - 1);
            boolean plain = !pid.isEmpty() && pid.codePoints().allMatch(c -> c > ' ' && c != 0x7f && c != 0xfffd);
            return plain ? pid : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The PID in a damaged file when its payload still parses and names the id of the file's name; a payload naming
     * another id is another instance's state, and its PID names the wrong overlay.
     */
    private static String readablePid(Path f, long id) {
        try {
            byte[] all = Files.readAllBytes(f);
            String text = new String(
                    all, Math.min(HEADER, all.length), Math.max(0, all.length - HEADER), StandardCharsets.UTF_8);
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            return o.get("id").getAsLong() == id ? o.get("pid").getAsString() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static SavedInstance read(Path f) throws IOException {
        byte[] all = Files.readAllBytes(f);
        if (all.length <= HEADER) {
            throw new IOException("it is too short (" + all.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("it is not a varpd state file (bad magic)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new IOException("format version " + version + " is not supported; allowed: " + VERSION);
        }
        byte[] digest = new byte[32];
        b.get(digest);
        byte[] payload = Arrays.copyOfRange(all, HEADER, all.length);
        if (!MessageDigest.isEqual(digest, sha256(payload))) {
            throw new IOException("its checksum does not match (the file is damaged)");
        }
        JsonObject o = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8))
                .getAsJsonObject();
        Map<String, Object> state = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("state").entrySet()) {
            state.put(e.getKey(), decodeValue(e.getValue()));
        }
        Map<String, Object> configuration = new LinkedHashMap<>();
        if (o.has("configuration")) {
            for (Map.Entry<String, JsonElement> e :
                    o.getAsJsonObject("configuration").entrySet()) {
                configuration.put(e.getKey(), decodeValue(e.getValue()));
            }
        }
        return new SavedInstance(
                o.get("id").getAsLong(),
                o.get("pid").getAsString(),
                o.get("link").getAsString(),
                o.get("plugin").getAsString(),
                PluginMode.valueOf(o.get("mode").getAsString()),
                state,
                configuration);
    }

    private static JsonObject encode(SavedInstance s) {
        JsonObject o = new JsonObject();
        o.addProperty("id", s.id());
        o.addProperty("pid", s.pid());
        o.addProperty("link", s.link());
        o.addProperty("plugin", s.plugin());
        o.addProperty("mode", s.mode().name());
        // Keys in sorted order: the maps' own order changes from run to run (Map.copyOf), and a
        // state that is the same must encode to the same bytes for write to leave its file alone.
        JsonObject state = new JsonObject();
        new java.util.TreeMap<>(s.state()).forEach((k, v) -> state.add(k, encodeValue(k, v)));
        o.add("state", state);
        if (!s.configuration().isEmpty()) {
            JsonObject configuration = new JsonObject();
            new java.util.TreeMap<>(s.configuration()).forEach((k, v) -> configuration.add(k, encodeValue(k, v)));
            o.add("configuration", configuration);
        }
        return o;
    }

    /** {"s": text}, {"l": long}, {"i": int}, {"b": bool}, {"list": [...]}: a value keeps its type. */
    private static JsonObject encodeValue(String key, Object v) {
        JsonObject t = new JsonObject();
        if (v instanceof String) {
            t.addProperty("s", (String) v);
        } else if (v instanceof Long) {
            t.addProperty("l", (Long) v);
        } else if (v instanceof Integer) {
            t.addProperty("i", (Integer) v);
        } else if (v instanceof Boolean) {
            t.addProperty("b", (Boolean) v);
        } else if (v instanceof List) {
            JsonArray a = new JsonArray();
            ((List<?>) v).forEach(x -> a.add(encodeValue(key, x)));
            t.add("list", a);
        } else {
            throw new IllegalArgumentException("saved state '" + key + "': "
                    + (v == null ? "null" : v.getClass().getName())
                    + " cannot be saved; allowed: String, Long, Integer, Boolean and lists of those");
        }
        return t;
    }

    private static Object decodeValue(JsonElement e) {
        JsonObject t = e.getAsJsonObject();
        if (t.has("s")) {
            return t.get("s").getAsString();
        }
        if (t.has("l")) {
            return t.get("l").getAsLong();
        }
        if (t.has("i")) {
            return t.get("i").getAsInt();
        }
        if (t.has("b")) {
            return t.get("b").getAsBoolean();
        }
        List<Object> list = new ArrayList<>();
        for (JsonElement x : t.getAsJsonArray("list")) {
            list.add(decodeValue(x));
        }
        return List.copyOf(list);
    }

    private void forceDirectory() {
        // Makes the rename durable; some file systems refuse to open a directory, then rename is as good as it gets.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    private static byte[] sha256(byte[] payload) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(payload);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has SHA-256", e);
        }
    }
}

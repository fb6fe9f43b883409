// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The {@code files} lookup plugin: overlay MACs mapped to underlay destinations by a JSON file.
 *
 * <h2>Theory</h2>
 *
 * <p><b>What it does.</b> {@code files} is the simplest DYNAMIC plugin (docs/mapping-file.md): an instance has one
 * property, {@code files/config}, the absolute path of a JSON file whose keys are overlay MACs and whose values say
 * where each MAC lives ({@code ip}, {@code port}), which overlay addresses it owns ({@code arp} for IPv4, {@code ndp}
 * for IPv6) and where its broadcast DHCP goes ({@code dhcp-proxy}).
 * {@link io.varpd.plugin.files.internal.FilesPlugin#lookup} answers a target-cache miss in the order
 * docs/mapping-file.md gives: ARP frames go to core's proxy ARP, IPv6 frames to a 33:33 MAC to proxy NDP, IPv4
 * broadcasts to DHCP redirect when the <em>source</em> MAC's entry has a {@code dhcp-proxy} (else DROP), other
 * broadcast and multicast frames are dropped, and a unicast destination is answered with its entry's {@code ip} and
 * {@code port} (DROP when it has no entry, or an entry without them: such an entry may still own
 * {@code arp}/{@code ndp} addresses). {@code arp} finds the MAC owning an IPv4 ({@code arp}) or IPv6 ({@code ndp})
 * address; {@code dhcp} returns the source MAC's {@code dhcp-proxy}. The device's destination type decides what a
 * destination needs: with IP and PORT (VXLAN) both {@code ip} and {@code port}, with IP only just {@code ip}.
 *
 * <p><b>Storage.</b> A loaded file is a {@link io.varpd.plugin.files.internal.MappingTable}, built once and never
 * changed: entry {@code i} is slot {@code i} of parallel primitive arrays (MAC, index of its destination, dhcp-proxy
 * MAC), three open-addressing {@link io.varpd.plugin.files.internal.LongKeyIndex}es map a MAC (one long), an IPv4
 * address (one long) and an IPv6 address (two longs) to {@code i}, and destinations are interned: the many MACs behind
 * one underlay host share one {@link io.varpd.api.TargetPoint}. So every question, ARP and NDP included, is one hash
 * probe (the original walked every entry for each ARP question), and an entry costs about 90 bytes with an {@code arp}
 * address (about 140 with an {@code ndp} one too) rather than the several hundred a {@code HashMap} of boxed keys and
 * entry objects would take. The benchmark {@code FilesLoadBenchmark} (in the tests) measures it. A table of a million
 * MACs is far larger than any cache, so a unicast answer costs one wait for memory; misses a device reports together
 * ({@code lookupAll}) are therefore probed all first and answered afterwards, so those waits overlap instead of adding
 * up.
 *
 * <p><b>Reading the file.</b> The user-facing rules are in {@code docs/mapping-file.md}.
 * {@link io.varpd.plugin.files.internal.MappingFileReader} streams the file through
 * {@link io.varpd.plugin.files.internal.MappingText} (strict UTF-8, raw control characters refused in every string, no
 * string, number or literal over 4096 characters, each found at its exact line, column and byte) and Gson's
 * {@code JsonReader} in strict mode, and validates everything before anything is served: a file is loaded completely or
 * not at all, and a refusal is one EINVAL message naming the file, the line and column, the entry's MAC, the field,
 * what is wrong, the value (at most 40 characters of it, control characters escaped) and what is allowed. With
 * {@code files/skip_bad_entries} an entry that is bad on its own is left out instead, and the instance is DEGRADED
 * naming the skipped entries until a load has none. Where that differs from the original's hand-written parser and
 * normalizer:
 *
 * <ul>
 *   <li>Standard JSON (RFC 8259) only: {@code \}{@code uXXXX} escapes are hexadecimal (the original read the four
 *       digits as decimal and refused anything above 127); control characters must be escaped; literals are lowercase
 *       {@code true}/{@code false}/{@code null}; nothing may follow the top-level value (the original ignored trailing
 *       text); a leading UTF-8 byte order mark is skipped. A syntax error is EINVAL (the original returned -1, not an
 *       errno).
 *   <li>The top level must be an object (the original also took an array and then failed later).
 *   <li>An empty file, or one holding only white space, is EINVAL "the file is empty" (the original mishandled the
 *       failed {@code mmap}). {@code {}} is a valid file that serves nothing.
 *   <li>Everything is validated at load, not at lookup: a bad key, a non-object value, an {@code ip}, {@code arp},
 *       {@code ndp} or {@code dhcp-proxy} that is not a string of the right kind, or a {@code port} that is not a JSON
 *       integer 1-65535 refuses the whole file (by default; with {@code files/skip_bad_entries}, only that entry, as
 *       the original skipped what it could not use). The original checked only that keys were MACs and values objects,
 *       and found a bad {@code ip} or {@code port} when a frame for that MAC arrived (then dropped it silently), and
 *       skipped bad {@code arp}/{@code ndp} values.
 *   <li>{@code port} must be written as an integer: fractions and exponents ({@code 4789.0}, {@code 4.789e3}) and
 *       strings ({@code "4789"}) are refused (the original refused fractions with ENOTSUP and wrapped large numbers
 *       through int32).
 *   <li>Keys and {@code dhcp-proxy} are MACs in any spelling {@link io.varpd.api.MacAddress#parse} takes
 *       ({@code de:ad:be:ef:0:1}, {@code DE-AD-BE-EF-00-01}, {@code dead.beef.0001}) and must be unicast, written in
 *       ASCII only ({@code MacAddress.parse} alone takes any Unicode hex digit); keys are compared as 48-bit numbers,
 *       so spelling never matters. Two keys for the same MAC: the later entry replaces the earlier one completely (last
 *       wins, as in the original); a field repeated within an entry: last wins; {@code null} means the field is absent;
 *       unknown fields are ignored.
 *   <li>Addresses are literals only, never host names: {@code ip} IPv4 or IPv6 (IPv4-mapped folds to IPv4), not
 *       unspecified, multicast or 255.255.255.255 (loopback is allowed, for single-host setups); {@code arp} IPv4
 *       unicast; {@code ndp} IPv6 unicast, not IPv4-mapped, not loopback.
 *   <li>Two MACs claiming the same {@code arp} or {@code ndp} address refuse the file (the original answered with
 *       whichever entry its walk met first).
 * </ul>
 *
 * <p><b>Reloading</b> (the original read the file once, at start). A started instance is watched by the plugin's one
 * {@link io.varpd.plugin.files.internal.FileWatcher} thread, which compares the file's modification time, size and file
 * key every second, so editors that rename a new file over the old one are seen (a rewrite in place keeping size, inode
 * and a timestamp equal to the nanosecond is not; no real writer produces one). A changed file is parsed and validated
 * completely on that thread while lookups keep using the current table; a valid one then replaces it with one volatile
 * write (lookups never lock and always see one whole table). After a good reload every MAC whose destination changed or
 * disappeared is pushed to the device with {@link io.varpd.api.plugin.ProviderHandle#injectTarget} (new MACs need
 * nothing: the device never caches a DROP, so their next frame asks). An {@code arp} or {@code ndp} address that
 * changed owner while its old MAC kept its destination is invisible to that comparison, yet a device may hold "address
 * at old MAC" (the Linux bridge: a permanent neighbour entry; guests: their ARP cache): the old MAC's entry is then
 * removed and put back, which makes the device drop what it derived from it, and an address with a new owner is
 * announced (a gratuitous ARP for IPv4, an unsolicited neighbour advertisement for IPv6). The log line counts entries
 * added, removed and changed and addresses moved, released and new. A DEGRADED status set by an earlier bad version is
 * cleared (or replaced by the new version's skipped entries). A bad version (or a vanished file) keeps the current
 * table serving and degrades the instance with {@code reload refused, serving the previous N entries: <reason, with
 * line and column>; file <path>}, once per version: the explanation first, since core keeps 255 characters of a status.
 * A file that changes while it is being read is not reported but read again at the next check, so a writer caught half
 * way does not degrade the instance. A lookup answered from the old table in the instant of a swap re-checks the table
 * after answering and injects the new destination itself, so a stale answer cannot outlive the reload.
 *
 * <p><b>Lifecycle.</b> {@code start} needs {@code files/config} (EAGAIN), loads the whole file (EINVAL or the I/O
 * errno: ENOENT, EPERM, EIO) and starts watching; {@code stop} stops watching and drops the table. Changing
 * {@code files/config} on a started instance takes effect at the next start. {@code save} returns
 * {@code {"files/config": path}}, plus {@code "files/skip_bad_entries": true} when that is on (the original also saved
 * two counters that were never incremented); {@code restore} is create plus setting both.
 */
package io.varpd.plugin.files.internal;

// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.plugin.files.internal.FilesPlugin;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time to load a 1,000,000-entry mapping file, as an overlay starts: one operation is {@code Instance.activate} of
 * a files instance on a memory device, in which the plugin's {@code start} reads, parses and validates the whole file
 * and builds its indexes (opening and associating the device take microseconds of it). Single shot: each measured
 * iteration is one load, of a file the OS has cached (the file is written once per trial; varpd's own reading and
 * parsing is what is measured, not the disk).
 *
 * <p>After each load the instance is checked (the first and last entries of the file answer with their destinations),
 * destroyed, and the heap collected outside the measurement, so every load starts from the same clean heap.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Threads(1)
public class FileLoadBenchmark {
    /** The file on disk, one plugin for all loads, and the overlay the last load started. */
    @State(Scope.Thread)
    public static class OnDisk {
        @Param("1000000")
        public int entries;

        MappingFile file;
        FilesPlugin plugin;
        BenchOverlay loaded;
        final MinimalLookup probe = new MinimalLookup();

        @Setup(Level.Trial)
        public void write() throws IOException {
            file = MappingFile.create(entries);
            plugin = new FilesPlugin();
        }

        @TearDown(Level.Invocation)
        public void unload() {
            BenchOverlay o = loaded;
            loaded = null;
            try {
                answers(o, 0);
                answers(o, entries - 1);
            } finally {
                o.close();
            }
            System.gc();
        }

        private void answers(BenchOverlay o, int entry) {
            o.instance()
                    .lookup(probe.ask(new LookupRequest(
                            BenchOverlay.VNETID,
                            LookupBenchmark.GUEST,
                            MacAddress.of(MappingFile.mac(entry)),
                            LookupRequest.ETHERTYPE_IPV4,
                            0,
                            14,
                            46)));
            TargetPoint expected = MappingFile.target(entry);
            if (!expected.equals(probe.answer())) {
                throw new IllegalStateException(
                        "after the load, entry " + entry + " answered " + probe.answer() + ", expected " + expected);
            }
        }

        @TearDown(Level.Trial)
        public void delete() {
            file.close();
        }
    }

    @Benchmark
    public BenchOverlay load(OnDisk s) throws VarpdException {
        s.loaded = BenchOverlay.activate(s.file.path(), s.plugin);
        return s.loaded;
    }
}

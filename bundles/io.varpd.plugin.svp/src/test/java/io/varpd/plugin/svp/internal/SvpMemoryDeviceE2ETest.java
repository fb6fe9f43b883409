// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import static io.varpd.plugin.svp.internal.SvpTestKit.awaitActive;
import static io.varpd.plugin.svp.internal.SvpTestKit.awaitTrue;
import static io.varpd.plugin.svp.internal.SvpTestKit.ip;
import static io.varpd.plugin.svp.internal.SvpTestKit.mac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.AddressLookup;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.device.OverlayDevice;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.core.internal.instance.Instance;
import io.varpd.core.internal.instance.PluginBinding;
import io.varpd.core.internal.lookup.FrameProxies;
import io.varpd.core.internal.lookup.SyntheticLookup;
import io.varpd.core.internal.property.OverlaySettings;
import io.varpd.overlay.memory.DropReason;
import io.varpd.overlay.memory.MemoryDevice;
import io.varpd.overlay.memory.Transmission;
import io.varpd.overlay.memory.internal.MemoryDeviceProvider;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.protocol.Vl2LogRecord;
import io.varpd.plugin.svp.internal.remote.RemoteKey;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The svp plugin end to end with the real core ({@link Instance}, its lookup handles and {@link FrameProxies}) and the
 * real memory device, built with {@code new} as the benchmark's overlay is, against the fake portolan server on
 * loopback. A guest plays through {@link MemoryDevice#transmit}; what left for the underlay, what was delivered up and
 * what the target cache holds are read from the device.
 *
 * <p>The only thing between core and the memory device is an observer of the device's misses: when core injects a frame
 * through a miss (the proxy ARP reply) it records the target cache at that moment, so the test can tell that svp
 * installed the mapping before answering.
 */
class SvpMemoryDeviceE2ETest {
    private static final long VNET = 4242;
    private static final String LINK = "svp0";
    /** This compute node: the device listens here and the server keys its log by it. */
    private static final InetAddress UNDERLAY_IP = ip("192.0.2.1");

    private static final MacAddress GUEST = mac("02:00:00:00:00:01");
    private static final InetAddress GUEST_IP = ip("192.168.100.5");
    private static final MacAddress KNOWN = mac("90:c0:0c:52:50:11");
    private static final TargetPoint KNOWN_AT = TargetPoint.of(ip("10.88.88.2"), 4789);
    private static final MacAddress ALSO_KNOWN = mac("90:c0:0c:52:50:13");
    private static final TargetPoint ALSO_KNOWN_AT = TargetPoint.of(ip("10.88.88.4"), 4789);
    private static final MacAddress UNKNOWN = mac("de:ad:be:ef:00:01");
    private static final InetAddress NEIGHBOUR_IP = ip("192.168.100.6");
    private static final MacAddress NEIGHBOUR = mac("90:c0:0c:52:50:12");
    private static final TargetPoint NEIGHBOUR_AT = TargetPoint.of(ip("10.88.88.3"), 4790);

    private FakeSvpServer server;
    private RemoteRegistry registry;
    private SvpPlugin plugin;
    private Instance instance;
    private MemoryDevice device;
    /** The device's target cache each time core injected a frame through a miss, in order. */
    private final List<List<CacheEntry>> cacheAtInject = new CopyOnWriteArrayList<>();

    @BeforeEach
    void activate() throws Exception {
        server = FakeSvpServer.onLoopback();
        server.knowNode(UNDERLAY_IP);
        server.putVl2(KNOWN, VNET, ip("10.88.88.2"), 4789);
        server.putVl2(ALSO_KNOWN, VNET, ip("10.88.88.4"), 4789);
        server.putVl2(NEIGHBOUR, VNET, ip("10.88.88.3"), 4790);
        server.putVl3(NEIGHBOUR_IP, VNET, NEIGHBOUR, ip("10.88.88.3"), 4790);
        registry = SvpTestKit.registry(SvpTestKit.fastWithShootdowns());
        plugin = new SvpPlugin(registry);
        OverlaySettings settings = settings(Map.of());
        instance = Instance.activate(
                1,
                settings,
                new PluginBinding.Plugin("svp", PluginMode.DYNAMIC, plugin),
                observingInjects(new MemoryDeviceProvider()),
                new FrameProxies());
        device = (MemoryDevice) instance.device();
        // Until a connection is ACTIVE, misses are answered DROP at once.
        awaitActive(registry, new RemoteKey("127.0.0.1", server.port(), UNDERLAY_IP), 1);
    }

    @AfterEach
    void destroy() throws Exception {
        if (instance != null) {
            instance.destroy();
        }
        if (plugin != null) {
            plugin.deactivate();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFrameToAKnownMacIsSentToItsUnderlayAddressFirstFrameIncludedAndAnUnknownMacIsDropped() {
        byte[] first = ipv4Frame(KNOWN, 1);
        device.transmit(first);
        awaitTrue(() -> !device.transmitted().isEmpty(), "the frame that missed to be sent after the VL2 answer");
        Transmission sent = device.transmitted().get(0);
        assertEquals(KNOWN_AT, sent.target());
        assertArrayEquals(first, sent.frame(), "the frame queued during the miss is the one sent");
        assertEquals(List.of(CacheEntry.to(KNOWN, KNOWN_AT)), entries());

        // The entry is VALID now: the next frame goes out inside transmit, without asking again.
        byte[] second = ipv4Frame(KNOWN, 2);
        device.transmit(second);
        assertEquals(2, device.transmitted().size());
        assertEquals(KNOWN_AT, device.transmitted().get(1).target());
        assertArrayEquals(second, device.transmitted().get(1).frame());
        assertEquals(1, server.requests(SvpOp.VL2_REQ));

        device.transmit(ipv4Frame(UNKNOWN, 3));
        awaitTrue(() -> device.stats().dropped(DropReason.DROP_ANSWER) == 1, "the unknown MAC's frame to be dropped");
        assertEquals(2, device.transmitted().size(), "nothing sent for the unknown MAC");
        assertEquals(2, server.requests(SvpOp.VL2_REQ), "the unknown MAC was asked about");
        assertEquals(0, device.pendingFrames(UNKNOWN));
        assertEquals(List.of(CacheEntry.to(KNOWN, KNOWN_AT)), entries(), "a drop answer is not cached");
        Map<String, Long> counters = instance.counters().snapshot();
        assertEquals(1L, counters.get("ok"));
        assertEquals(1L, counters.get("drop"));
    }

    @Test
    void aBroadcastArpRequestIsAnsweredFromVl3AfterTheMappingWasInjectedIntoTheCache() {
        device.transmit(arpRequest(NEIGHBOUR_IP));
        awaitTrue(() -> !device.delivered().isEmpty(), "the ARP reply to be delivered up");
        byte[] reply = device.delivered().get(0);
        assertEquals(42, reply.length);
        assertEquals(GUEST, MacAddress.of(reply, 0), "Ethernet destination: the asking guest");
        assertEquals(NEIGHBOUR, MacAddress.of(reply, 6), "Ethernet source: the VL3 answer's MAC");
        assertEquals(0x0806, u16(reply, 12));
        assertEquals(2, u16(reply, 14 + 6), "ARP opcode");
        assertEquals(NEIGHBOUR, MacAddress.of(reply, 14 + 8), "sender MAC");
        assertArrayEquals(NEIGHBOUR_IP.getAddress(), Arrays.copyOfRange(reply, 14 + 14, 14 + 18), "sender IP");
        assertEquals(GUEST, MacAddress.of(reply, 14 + 18), "target MAC");
        assertArrayEquals(GUEST_IP.getAddress(), Arrays.copyOfRange(reply, 14 + 24, 14 + 28), "target IP");

        assertEquals(
                List.of(List.of(CacheEntry.to(NEIGHBOUR, NEIGHBOUR_AT))),
                cacheAtInject,
                "the VL2->UL3 mapping was in the target cache when the reply was injected");
        assertEquals(List.of(CacheEntry.to(NEIGHBOUR, NEIGHBOUR_AT)), entries());
        assertEquals(1, server.requests(SvpOp.VL3_REQ));
        assertTrue(device.transmitted().isEmpty(), "the ARP request itself went nowhere");

        // The guest's next frame to the neighbour goes out at once: the injected entry is used.
        device.transmit(ipv4Frame(NEIGHBOUR, 1));
        assertEquals(1, device.transmitted().size());
        assertEquals(NEIGHBOUR_AT, device.transmitted().get(0).target());
        assertEquals(0, server.requests(SvpOp.VL2_REQ));
        awaitTrue(() -> instance.counters().snapshot().get("arp") == 1, "the lookup counted as proxied ARP");
    }

    @Test
    void aShootdownRemovesTheCachedEntryAndTheNextFrameMissesAgain() {
        device.transmit(ipv4Frame(KNOWN, 1));
        awaitTrue(() -> device.transmitted().size() == 1, "the first frame to be sent");
        assertEquals(List.of(CacheEntry.to(KNOWN, KNOWN_AT)), entries());
        assertEquals(1, device.stats().missesReported());

        UUID id = UUID.randomUUID();
        server.log(UNDERLAY_IP, new Vl2LogRecord(id, KNOWN, VNET));
        awaitTrue(() -> entries().isEmpty(), "the shot-down MAC to leave the target cache");
        server.await(e -> e.equals("request LOG_RM [" + id + "]"), "the LOG_RM naming the record");
        awaitTrue(() -> server.logged(UNDERLAY_IP).isEmpty(), "the server's log to be emptied");

        byte[] next = ipv4Frame(KNOWN, 2);
        device.transmit(next);
        awaitTrue(() -> device.transmitted().size() == 2, "the next frame to be sent after asking again");
        assertEquals(2, device.stats().missesReported(), "the next frame missed");
        assertEquals(2, server.requests(SvpOp.VL2_REQ));
        assertEquals(KNOWN_AT, device.transmitted().get(1).target());
        assertArrayEquals(next, device.transmitted().get(1).frame());
        assertEquals(List.of(CacheEntry.to(KNOWN, KNOWN_AT)), entries());
    }

    /** The overlay's settings: the fake server, this node's underlay IP, and {@code more} properties. */
    private OverlaySettings settings(Map<String, String> more) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                SvpProperties.HOST,
                "127.0.0.1",
                SvpProperties.PORT,
                String.valueOf(server.port()),
                SvpProperties.UNDERLAY_IP,
                "192.0.2.1"));
        properties.putAll(more);
        return new OverlaySettings(
                "io.varpd.overlay.svp~e2e",
                "svp",
                LINK,
                VNET,
                MemoryDeviceProvider.TYPE,
                UNDERLAY_IP,
                4789,
                Map.copyOf(properties));
    }

    @Test
    void aChangedSvpPropertyIsAppliedToTheRunningOverlayNotRefusedAsADuplicate() throws Exception {
        // Core starts the changed state beside the running one: same overlay, same vnetid, same server.
        assertEquals(Instance.Change.APPLIED, instance.update(settings(Map.of(SvpProperties.UNDERLAY_PORT, "4790"))));
        assertEquals(Optional.empty(), instance.degradedMessage());
        device.transmit(ipv4Frame(KNOWN, 1));
        awaitTrue(() -> device.transmitted().size() == 1, "a frame sent through the new state");
        assertEquals(KNOWN_AT, device.transmitted().get(0).target());
        assertEquals(1, registry.size(), "one remote, now held by the new state");
    }

    /** Core's diagnostic lookup (what varpd:lookup and GET .../lookup run): its answer, or "ERRNO: reason". */
    private String diagnosticLookup(MacAddress mac) throws Exception {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        instance.lookup(new SyntheticLookup(
                VNET,
                mac,
                LookupRequest.ETHERTYPE_IPV4,
                0,
                t -> outcome.complete(t == null ? "drop" : t.toString()),
                (errno, reason) -> outcome.complete(errno + ": " + reason)));
        return outcome.get(10, TimeUnit.SECONDS);
    }

    @Test
    void throughCoreAnUnreachableServerIsAnErrorForTheDiagnosticLookupNotADrop() throws Exception {
        assertEquals("drop", diagnosticLookup(UNKNOWN), "a genuine not-found");
        server.refuseConnections();
        awaitTrue(() -> instance.degradedMessage().isPresent(), "the degrade");
        assertEquals(
                "EHOSTUNREACH: svp server 127.0.0.1 port " + server.port() + " is unreachable: connecting to"
                        + " 127.0.0.1 port " + server.port() + " failed: Connection refused",
                diagnosticLookup(KNOWN));
    }

    @Test
    void throughCoreASilentServerTimesTheDiagnosticLookupOutWithThePluginsEtime() throws Exception {
        server.failNext(SvpOp.VL2_REQ, FakeSvpServer.Fault.STALL);
        assertEquals(
                "ETIME: svp server 127.0.0.1 port " + server.port() + " did not answer VL2_REQ within "
                        + SvpTestKit.fastWithShootdowns().queryTimeout().toMillis() + " ms",
                diagnosticLookup(KNOWN));
        assertEquals(
                Optional.of("svp server 127.0.0.1 port " + server.port() + " accepts connections but does not"
                        + " answer: no answer to a query within "
                        + SvpTestKit.fastWithShootdowns().queryTimeout().toMillis()
                        + " ms"),
                instance.degradedMessage());
    }

    @Test
    void losingTheServerDegradesTheInstanceAndItsReturnRestoresIt() throws Exception {
        device.transmit(ipv4Frame(KNOWN, 1));
        awaitTrue(() -> device.transmitted().size() == 1, "the first frame to be sent");
        assertEquals(Optional.empty(), instance.degradedMessage());

        server.refuseConnections();
        awaitTrue(() -> instance.degradedMessage().isPresent(), "the instance to degrade at the first failed connect");
        String unreachable = "svp server 127.0.0.1 port " + server.port() + " is unreachable: connecting to 127.0.0.1"
                + " port " + server.port() + " failed: Connection refused";
        assertEquals(Optional.of(unreachable), instance.degradedMessage());
        assertEquals(Optional.of(unreachable), device.degradedMessage());

        // Meanwhile a miss is answered drop, not left pending.
        device.transmit(ipv4Frame(ALSO_KNOWN, 2));
        awaitTrue(() -> device.stats().dropped(DropReason.DROP_ANSWER) == 1, "the miss to be dropped while degraded");
        assertEquals(0, device.pendingFrames(ALSO_KNOWN));

        server.comeBack();
        awaitTrue(() -> instance.degradedMessage().isEmpty(), "the instance to be restored");
        assertEquals(Optional.empty(), device.degradedMessage());
        device.transmit(ipv4Frame(ALSO_KNOWN, 3));
        awaitTrue(() -> device.transmitted().size() == 2, "a frame to be sent again once the server is back");
        assertEquals(ALSO_KNOWN_AT, device.transmitted().get(1).target());
    }

    // --- the stack ------------------------------------------------------------------------

    /**
     * {@code memory} with every miss wrapped so that an inject through it first records the device's target cache;
     * everything else goes straight to the memory device and to core.
     */
    private OverlayDeviceProvider observingInjects(MemoryDeviceProvider memory) {
        return new OverlayDeviceProvider() {
            @Override
            public OverlayDevice open(DeviceSettings settings, DeviceListener core) throws VarpdException {
                AtomicReference<OverlayDevice> opened = new AtomicReference<>();
                OverlayDevice d = memory.open(settings, new DeviceListener() {
                    @Override
                    public void lookup(DeviceLookup miss) {
                        core.lookup(new CacheRecordingLookup(miss, opened));
                    }

                    @Override
                    public void resolve(AddressLookup question) {
                        core.resolve(question);
                    }
                });
                opened.set(d);
                return d;
            }

            @Override
            public List<PropertyDescription> settings() {
                return memory.settings();
            }
        };
    }

    /** A miss whose inject records the device's target cache before injecting. */
    private final class CacheRecordingLookup implements DeviceLookup {
        private final DeviceLookup miss;
        private final AtomicReference<OverlayDevice> device;

        CacheRecordingLookup(DeviceLookup miss, AtomicReference<OverlayDevice> device) {
            this.miss = miss;
            this.device = device;
        }

        @Override
        public LookupRequest request() {
            return miss.request();
        }

        @Override
        public byte[] frame() throws VarpdException {
            return miss.frame();
        }

        @Override
        public void inject(byte[] frame) throws VarpdException {
            cacheAtInject.add(device.get().cacheEntries());
            miss.inject(frame);
        }

        @Override
        public void resend(byte[] frame) throws VarpdException {
            miss.resend(frame);
        }

        @Override
        public void respond(TargetPoint target) {
            miss.respond(target);
        }

        @Override
        public void drop() {
            miss.drop();
        }
    }

    // --- frames and views -----------------------------------------------------------------

    private List<CacheEntry> entries() {
        try {
            return device.cacheEntries();
        } catch (VarpdException e) {
            throw new AssertionError(e);
        }
    }

    /** A minimal IPv4 frame (60 bytes) from the guest to {@code destination}, told apart by {@code marker}. */
    private static byte[] ipv4Frame(MacAddress destination, int marker) {
        byte[] f = new byte[60];
        destination.writeTo(f, 0);
        GUEST.writeTo(f, 6);
        f[12] = 0x08;
        f[13] = 0x00;
        f[14] = 0x45;
        f[59] = (byte) marker;
        return f;
    }

    /** A broadcast Ethernet/IPv4 ARP request (42 bytes) from the guest asking who has {@code target}. */
    private static byte[] arpRequest(InetAddress target) {
        byte[] f = new byte[14 + 28];
        MacAddress.BROADCAST.writeTo(f, 0);
        GUEST.writeTo(f, 6);
        ByteBuffer b = ByteBuffer.wrap(f);
        b.putShort(12, (short) 0x0806);
        b.putShort(14, (short) 1); // htype Ethernet
        b.putShort(16, (short) 0x0800); // ptype IPv4
        f[18] = 6;
        f[19] = 4;
        b.putShort(20, (short) 1); // request
        GUEST.writeTo(f, 22);
        System.arraycopy(GUEST_IP.getAddress(), 0, f, 28, 4);
        // target MAC 32..37 stays zero
        System.arraycopy(target.getAddress(), 0, f, 38, 4);
        return f;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}

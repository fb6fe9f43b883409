// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;

/**
 * Configuration Admin as Apache Felix configadmin 1.9.26 behaves where the admin service depends on it (read from its
 * bytecode): {@code getFactoryConfiguration(factory, name)} hands out whatever configuration has the PID
 * {@code factory~name}, factory or not; {@code getConfiguration} of an unknown PID creates a configuration without
 * factory PID and without properties, which is kept (and survives restarts); {@code listConfigurations} skips
 * configurations without properties. Events are queued as Felix's event thread would, and delivered only by
 * {@link #deliverEvents()}, so a test chooses when listeners run relative to the caller.
 */
final class FelixLikeConfigurationAdmin implements ConfigurationAdmin {
    /** A configuration listener: type is {@link ConfigurationEvent#CM_UPDATED} or {@code CM_DELETED}. */
    interface Listener {
        void event(int type, String pid, String factoryPid);
    }

    private final Map<String, Stored> store = new LinkedHashMap<>();
    private final Deque<Runnable> events = new ArrayDeque<>();
    private final List<Listener> listeners = new ArrayList<>();

    void addListener(Listener l) {
        listeners.add(l);
    }

    /** Delivers the queued events, in order, as Felix's event thread does some time after the change. */
    synchronized void deliverEvents() {
        Runnable r;
        while ((r = events.poll()) != null) {
            r.run();
        }
    }

    /** Every stored PID, with or without properties (what the persistence manager holds). */
    synchronized Set<String> storedPids() {
        return Set.copyOf(store.keySet());
    }

    synchronized Stored stored(String pid) {
        return store.get(pid);
    }

    private synchronized void queue(int type, String pid, String factoryPid) {
        for (Listener l : listeners) {
            events.add(() -> l.event(type, pid, factoryPid));
        }
    }

    @Override
    public synchronized Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        String pid = factoryPid + "~" + name;
        Stored s = store.get(pid);
        if (s == null) {
            // Felix keeps a new factory configuration only from its first update.
            return new Stored(pid, factoryPid, false);
        }
        return s;
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        return getFactoryConfiguration(factoryPid, name, null);
    }

    @Override
    public synchronized Configuration getConfiguration(String pid, String location) {
        Stored s = store.get(pid);
        return s != null ? s : new Stored(pid, null, true);
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return getConfiguration(pid, null);
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException("not used by varpd");
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException("not used by varpd");
    }

    @Override
    public synchronized Configuration[] listConfigurations(String filter) throws InvalidSyntaxException {
        Filter f = filter == null ? null : FrameworkUtil.createFilter(filter);
        List<Configuration> out = new ArrayList<>();
        for (Stored s : store.values()) {
            Dictionary<String, Object> p = s.getProperties();
            if (p != null && (f == null || f.match(p))) {
                out.add(s);
            }
        }
        return out.isEmpty() ? null : out.toArray(Configuration[]::new);
    }

    /** One configuration; the same object stands for it until it is deleted, as Felix caches them. */
    final class Stored implements Configuration {
        private final String pid;
        private final String factoryPid;
        private Hashtable<String, Object> properties;
        private boolean deleted;
        private long changes;

        Stored(String pid, String factoryPid, boolean keep) {
            this.pid = pid;
            this.factoryPid = factoryPid;
            if (keep) {
                store.put(pid, this);
            }
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            synchronized (FelixLikeConfigurationAdmin.this) {
                checkDeleted();
                if (properties == null) {
                    return null;
                }
                Hashtable<String, Object> copy = new Hashtable<>(properties);
                return copy;
            }
        }

        @Override
        public void update(Dictionary<String, ?> next) throws IOException {
            synchronized (FelixLikeConfigurationAdmin.this) {
                checkDeleted();
                Hashtable<String, Object> p = new Hashtable<>();
                for (Enumeration<String> k = next.keys(); k.hasMoreElements(); ) {
                    String key = k.nextElement();
                    p.put(key, next.get(key));
                }
                p.put(Constants.SERVICE_PID, pid);
                if (factoryPid != null) {
                    p.put(ConfigurationAdmin.SERVICE_FACTORYPID, factoryPid);
                }
                properties = p;
                changes++;
                store.put(pid, this);
                queue(ConfigurationEvent.CM_UPDATED, pid, factoryPid);
            }
        }

        @Override
        public void delete() throws IOException {
            synchronized (FelixLikeConfigurationAdmin.this) {
                checkDeleted();
                deleted = true;
                store.remove(pid);
                queue(ConfigurationEvent.CM_DELETED, pid, factoryPid);
            }
        }

        private void checkDeleted() {
            if (deleted) {
                throw new IllegalStateException("Configuration " + pid + " deleted");
            }
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {
            throw new UnsupportedOperationException("not used by varpd");
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> next) {
            throw new UnsupportedOperationException("not used by varpd");
        }

        @Override
        public void setBundleLocation(String location) {}

        @Override
        public String getBundleLocation() {
            return "?";
        }

        @Override
        public long getChangeCount() {
            return changes;
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException("not used by varpd");
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException("not used by varpd");
        }
    }
}

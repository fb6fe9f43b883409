// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.metatype;

import io.varpd.api.VarpdException;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.core.internal.property.PropertyValues;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The Metatype form of one plugin's overlay factory: the common overlay settings ({@code device} as a choice of the
 * device kinds), the settings of every registered device provider, then the plugin's writable properties, each
 * validated exactly as core will validate it.
 *
 * <p>How Felix Web Console 5 shows this form (its {@code config.js}): a field whose value the configuration does not
 * hold yet gets a black warning triangle whose tooltip says "this property is not set; the field contains the default
 * value" (so on a new overlay every field has one); an optional field gets a checkbox, and only checked ones are saved;
 * a field with options is a select; every other type, numbers included, is a one-line text area (the type decides how
 * the value is stored and checked). Neither the triangle nor the text areas can be changed from Metatype, so the form's
 * description explains the triangle. An OCD is per factory, not per overlay, so the form cannot show an overlay's
 * status; its description points to the varpd page, which shows it and links back to the form.
 */
public final class OverlayMetaType implements MetaTypeProvider, ObjectClassDefinition {
    /** Web console: how an instance of the factory is named in the configuration list. */
    static final String NAME_HINT = "webconsole.configurationFactory.nameHint";

    private final String factoryPid;
    private final String plugin;
    private final List<AttributeDefinition> required = new ArrayList<>();
    private final List<AttributeDefinition> optional = new ArrayList<>();

    /** Device kinds varpd ships, offered even while their provider is absent (see {@link #deviceChoice}). */
    static final Map<String, String> KNOWN_DEVICES = Map.of(
            "memory", "memory: in-JVM device (tests, demos)",
            "linux", "linux: kernel VXLAN device (io.varpd.overlay.linux)");

    /**
     * @param properties the common settings and the plugin's properties, in display order
     * @param devices the registered device providers' settings by device kind
     */
    public OverlayMetaType(
            String factoryPid,
            String plugin,
            List<PropertyDescription> properties,
            Map<String, List<PropertyDescription>> devices) {
        this.factoryPid = factoryPid;
        this.plugin = plugin;
        for (PropertyDescription d : properties) {
            if (d.name().equals(OverlayConfig.LINK)) {
                required.add(new Attribute(d, LINK_NOTE, null));
            } else if (d.name().equals(OverlayConfig.DEVICE)) {
                optional.add(deviceChoice(d, devices.keySet()));
            } else if (d.writable()) {
                (d.required() ? required : optional).add(new Attribute(d, "", null));
                if (d.name().equals(OverlayConfig.LISTEN_PORT)) {
                    // The device settings follow the common ones, before the plugin's own.
                    devices.forEach((kind, settings) -> settings.stream()
                            .filter(PropertyDescription::writable)
                            .forEach(s -> optional.add(new Attribute(s, "Only for device " + kind + ".", null))));
                }
            }
        }
        optional.add(new NameHint());
    }

    static final String LINK_NOTE = "It cannot be changed once the overlay exists: to rename an overlay, create"
            + " the new one and delete the old.";

    /**
     * {@code device} as a select of the registered device kinds. The kinds varpd ships stay in the list while absent
     * (marked so), so the form of an overlay that waits for its device does not silently switch it to another kind when
     * saved.
     */
    private static Attribute deviceChoice(PropertyDescription d, java.util.Set<String> registered) {
        java.util.TreeSet<String> kinds = new java.util.TreeSet<>(registered);
        kinds.addAll(KNOWN_DEVICES.keySet());
        List<String> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        // The default first, so a new form starts on it.
        values.add(OverlayConfig.DEFAULT_DEVICE);
        kinds.remove(OverlayConfig.DEFAULT_DEVICE);
        values.addAll(kinds);
        for (String v : values) {
            String label = KNOWN_DEVICES.getOrDefault(v, v);
            labels.add(registered.contains(v) ? label : label + " (not installed: the overlay would wait)");
        }
        return new Attribute(d, "", new String[][] {values.toArray(String[]::new), labels.toArray(String[]::new)}) {
            @Override
            public String getDescription() {
                return "Kind of overlay device, one of the registered device providers. The device's own settings"
                        + " are the fields marked \"Only for device ...\".";
            }
        };
    }

    @Override
    public ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
        return factoryPid.equals(id) ? this : null;
    }

    @Override
    public String[] getLocales() {
        return null;
    }

    @Override
    public String getName() {
        return "varpd overlay (" + plugin + " plugin)";
    }

    @Override
    public String getID() {
        return factoryPid;
    }

    @Override
    public String getDescription() {
        return "One overlay instance answered by the " + plugin + " lookup plugin. Each configuration is one "
                + "overlay link; saving it creates or updates the instance, deleting it destroys the instance. "
                + "A change that cannot be applied is refused and the overlay keeps running as before. "
                + "The overlay's current status, counters and target table are on the page Network > varpd overlays "
                + "(varpd), whose page of each overlay links back to this form. "
                + "A black triangle beside a field is not a warning: it means the configuration does not set that "
                + "field (yet) and the field shows its default. Optional fields are saved only when their checkbox "
                + "is ticked.";
    }

    @Override
    public AttributeDefinition[] getAttributeDefinitions(int filter) {
        List<AttributeDefinition> out = new ArrayList<>();
        if (filter == REQUIRED || filter == ALL) {
            out.addAll(required);
        }
        if (filter == OPTIONAL || filter == ALL) {
            out.addAll(optional);
        }
        return out.isEmpty() ? null : out.toArray(AttributeDefinition[]::new);
    }

    @Override
    public InputStream getIcon(int size) {
        return null;
    }

    /** One varpd property as a form field. */
    private static class Attribute implements AttributeDefinition {
        private final PropertyDescription d;
        private final String note;
        private final String[][] choice;

        /**
         * @param note a sentence added to the description, may be empty
         * @param choice option values and labels, or null for the property's own options
         */
        Attribute(PropertyDescription d, String note, String[][] choice) {
            this.d = d;
            this.note = note;
            this.choice = choice;
        }

        @Override
        public String getName() {
            return d.name();
        }

        @Override
        public String getID() {
            return d.name();
        }

        @Override
        public String getDescription() {
            String possible = d.possibleValues();
            return d.description() + (note.isEmpty() ? "" : " " + note)
                    + ("--".equals(possible) || choice != null ? "" : " Allowed: " + possible + ".")
                    + " Type " + d.type() + (d.required() ? ", required." : ".");
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        /** Numbers are typed: INTEGER when every allowed value fits (vnetid, ports), else LONG. */
        @Override
        public int getType() {
            switch (d.type()) {
                case INT:
                case UINT:
                    boolean fits =
                            !d.ranges().isEmpty() && d.ranges().stream().allMatch(r -> r.max() <= Integer.MAX_VALUE);
                    return fits ? INTEGER : LONG;
                default:
                    return STRING;
            }
        }

        @Override
        public String[] getOptionValues() {
            if (choice != null) {
                return choice[0].clone();
            }
            return d.options().isEmpty() ? null : d.options().toArray(String[]::new);
        }

        @Override
        public String[] getOptionLabels() {
            return choice != null ? choice[1].clone() : getOptionValues();
        }

        @Override
        public String validate(String value) {
            try {
                PropertyValues.parse(d, value);
                return "";
            } catch (VarpdException e) {
                return e.getMessage();
            }
        }

        @Override
        public String[] getDefaultValue() {
            return d.defaultValue()
                    .map(v -> new String[] {io.varpd.api.admin.PropertyView.format(v)})
                    .orElse(null);
        }
    }

    /** Names instances "link (vnetid N)" in the web console's list. */
    private static final class NameHint implements AttributeDefinition {
        @Override
        public String getName() {
            return "Name hint";
        }

        @Override
        public String getID() {
            return NAME_HINT;
        }

        @Override
        public String getDescription() {
            return "How the web console names this overlay in its configuration list.";
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public int getType() {
            return STRING;
        }

        @Override
        public String[] getOptionValues() {
            return null;
        }

        @Override
        public String[] getOptionLabels() {
            return null;
        }

        @Override
        public String validate(String value) {
            return "";
        }

        @Override
        public String[] getDefaultValue() {
            return new String[] {"{link} (vnetid {vnetid})"};
        }
    }
}

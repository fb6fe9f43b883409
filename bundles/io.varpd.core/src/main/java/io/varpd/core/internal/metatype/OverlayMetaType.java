package io.varpd.core.internal.metatype;

import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.core.internal.property.PropertyValues;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The Metatype form of one plugin's overlay factory: the common overlay settings, then the
 * plugin's writable properties, each validated exactly as core will validate it, so the web
 * console refuses a bad value before it is saved.
 */
public final class OverlayMetaType implements MetaTypeProvider, ObjectClassDefinition {
    /** Web console: how an instance of the factory is named in the configuration list. */
    static final String NAME_HINT = "webconsole.configurationFactory.nameHint";

    private final String factoryPid;
    private final String plugin;
    private final List<AttributeDefinition> required = new ArrayList<>();
    private final List<AttributeDefinition> optional = new ArrayList<>();

    public OverlayMetaType(String factoryPid, String plugin, List<PropertyDescription> properties) {
        this.factoryPid = factoryPid;
        this.plugin = plugin;
        for (PropertyDescription d : properties) {
            if (d.writable() || d.name().equals(io.varpd.api.admin.OverlayConfig.LINK)) {
                (d.required() ? required : optional).add(new Attribute(d));
            }
        }
        optional.add(new NameHint());
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
                + "overlay link; saving it creates or updates the instance, deleting it destroys the instance.";
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
    private static final class Attribute implements AttributeDefinition {
        private final PropertyDescription d;

        Attribute(PropertyDescription d) {
            this.d = d;
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
            return d.description() + ("--".equals(possible) ? "" : " Allowed: " + possible + ".")
                    + " Type " + d.type() + (d.required() ? ", required." : ".");
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public int getType() {
            switch (d.type()) {
                case INT:
                case UINT:
                    return LONG;
                default:
                    return STRING;
            }
        }

        @Override
        public String[] getOptionValues() {
            return d.options().isEmpty() ? null : d.options().toArray(String[]::new);
        }

        @Override
        public String[] getOptionLabels() {
            return getOptionValues();
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
            return d.defaultValue().map(v -> new String[] {io.varpd.api.admin.PropertyView.format(v)}).orElse(null);
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

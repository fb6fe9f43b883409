// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything varpd knows about one property before reading its value (illumos varpd's {@code propinfo} +
 * {@code libvarpd_prop_set_*}). It drives validation in core, the dladm-style tables of the shell, and the Metatype
 * form of the web console.
 *
 * <p>Names are module-prefixed ({@code direct/dest_ip}), at most 63 characters. Ranges apply to UINT properties and
 * options to STRING ones; core enforces both before the plugin's {@code setProperty} sees a value (the original only
 * displayed them).
 */
public final class PropertyDescription {
    public static final int MAX_NAME_LENGTH = 63;

    private final String name;
    private final PropertyType type;
    private final boolean readable;
    private final boolean writable;
    private final boolean required;
    private final Object defaultValue;
    private final List<UintRange> ranges;
    private final List<String> options;
    private final String description;

    private PropertyDescription(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.readable = b.readable;
        this.writable = b.writable;
        this.required = b.required;
        this.defaultValue = b.defaultValue;
        this.ranges = List.copyOf(b.ranges);
        this.options = List.copyOf(b.options);
        this.description = b.description;
    }

    /** Starts a description of a readable, writable, optional property. */
    public static Builder builder(String name, PropertyType type) {
        return new Builder(name, type);
    }

    public String name() {
        return name;
    }

    public PropertyType type() {
        return type;
    }

    public boolean readable() {
        return readable;
    }

    public boolean writable() {
        return writable;
    }

    /** Whether {@code start} refuses (EAGAIN) while the property is unset. */
    public boolean required() {
        return required;
    }

    /** The default, an instance of {@link PropertyType#valueClass()}. */
    public Optional<Object> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Allowed ranges of a UINT property; empty means any value. */
    public List<UintRange> ranges() {
        return ranges;
    }

    /** Allowed values of a STRING property; empty means any value. */
    public List<String> options() {
        return options;
    }

    /** One sentence for people (form hints, help). */
    public String description() {
        return description;
    }

    /** dladm's PERM column: {@code rw}, {@code r-}, {@code -w} or {@code --}. */
    public String permissions() {
        return (readable ? "r" : "-") + (writable ? "w" : "-");
    }

    /** dladm's POSSIBLE column: comma-joined options or ranges, {@code --} when none. */
    public String possibleValues() {
        List<String> parts = new ArrayList<>();
        ranges.forEach(r -> parts.add(r.toString()));
        parts.addAll(options);
        return parts.isEmpty() ? "--" : String.join(",", parts);
    }

    @Override
    public String toString() {
        return name + " (" + type + ", " + permissions() + (required ? ", required" : "") + ")";
    }

    /** Builds a {@link PropertyDescription}. */
    public static final class Builder {
        private final String name;
        private final PropertyType type;
        private boolean readable = true;
        private boolean writable = true;
        private boolean required;
        private Object defaultValue;
        private final List<UintRange> ranges = new ArrayList<>();
        private final List<String> options = new ArrayList<>();
        private String description = "";

        private Builder(String name, PropertyType type) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException(
                        "property name '" + name + "' must have 1-" + MAX_NAME_LENGTH + " characters");
            }
            this.name = name;
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder required() {
            this.required = true;
            return this;
        }

        public Builder readOnly() {
            this.writable = false;
            return this;
        }

        public Builder defaultValue(Object value) {
            if (value != null && !type.valueClass().isInstance(value)) {
                throw new IllegalArgumentException(name + ": default " + value + " is not a "
                        + type.valueClass().getSimpleName());
            }
            this.defaultValue = value;
            return this;
        }

        public Builder range(long min, long max) {
            if (type != PropertyType.UINT) {
                throw new IllegalArgumentException(name + ": ranges apply to UINT properties only");
            }
            ranges.add(new UintRange(min, max));
            return this;
        }

        public Builder options(String... values) {
            if (type != PropertyType.STRING) {
                throw new IllegalArgumentException(name + ": options apply to STRING properties only");
            }
            options.addAll(List.of(values));
            return this;
        }

        public Builder description(String text) {
            this.description = Objects.requireNonNull(text, "text");
            return this;
        }

        public PropertyDescription build() {
            return new PropertyDescription(this);
        }
    }
}

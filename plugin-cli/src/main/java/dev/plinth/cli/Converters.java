package dev.plinth.cli;

import dev.plinth.api.unit.DataSize;
import dev.plinth.api.unit.DurationText;
import dev.plinth.security.signature.SignatureMode;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values written the way manifests and settings write them: {@code 2s}, {@code 200ms}, {@code 64MB}, {@code warn}. */
final class Converters {
    private Converters() {
    }

    /** {@code --timeout 2s}: a positive duration. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration;
            try {
                duration = DurationText.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (duration.isZero()) {
                throw new TypeConversionException("\"" + value + "\" is not a usable timeout: it must be more than 0");
            }
            return duration;
        }
    }

    /** {@code --signatures require}: off, warn or require, in any case. */
    static final class SignatureModeConverter implements ITypeConverter<SignatureMode> {
        @Override
        public SignatureMode convert(String value) {
            try {
                return SignatureMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --memory 64MB}: a size of at least one wasm page. */
    static final class DataSizeConverter implements ITypeConverter<DataSize> {
        @Override
        public DataSize convert(String value) {
            DataSize size;
            try {
                size = DataSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (size.toBytes() < 65536) {
                throw new TypeConversionException("\"" + value + "\" is less than one wasm page (64KB)");
            }
            return size;
        }
    }

    /** {@code --fuel 50000000}: a positive instruction count ('_' allowed between digits). */
    static final class FuelConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String digits = value.replace("_", "");
            if (!digits.matches("[0-9]{1,19}") || value.startsWith("_") || value.endsWith("_")) {
                throw new TypeConversionException("\"" + value + "\" is not a number of instructions, e.g. 50000000");
            }
            long n;
            try {
                n = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("\"" + value + "\" is too large");
            }
            if (n <= 0) {
                throw new TypeConversionException("\"" + value + "\" is not usable: fuel must be more than 0");
            }
            return n;
        }
    }
}

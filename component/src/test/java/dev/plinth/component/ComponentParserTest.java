package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PluginException;
import dev.plinth.component.value.Value;
import dev.plinth.testing.Wat;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The binary parser on real components (from jco) and on broken ones: truncated at every length, bytes
 * mutated at random, lengths and counts far past the end. Every failure is a typed exception naming the
 * section and offset; nothing else escapes, and nothing huge is allocated.
 */
class ComponentParserTest {
    private static byte[] echo;

    @BeforeAll
    static void assemble() {
        echo = EchoComponents.echo("utf8");
    }

    @Test
    void theHeaderTellsComponentsFromCoreModules() {
        byte[] core = Wat.assemble("(module)");
        assertThat(ComponentHeader.kind(core)).isEqualTo(ComponentHeader.Kind.CORE_MODULE);
        assertThat(ComponentHeader.kind(echo)).isEqualTo(ComponentHeader.Kind.COMPONENT);
        assertThat(ComponentHeader.kind(new byte[] {0, 0x61, 0x73, 0x6d, 0x0d, 0})).isEqualTo(ComponentHeader.Kind.UNKNOWN);
        assertThat(ComponentHeader.kind("not wasm at all".getBytes())).isEqualTo(ComponentHeader.Kind.UNKNOWN);
        assertThatThrownBy(() -> Component.parse(core)).isInstanceOfSatisfying(MalformedComponentException.class,
                e -> assertThat(e.section()).isEqualTo("preamble")).hasMessageContaining("core module");
    }

    @Test
    void aRealComponentParsesAndInstantiates() {
        Component component = Component.parse(echo);
        assertThat(component.definitionCount()).isGreaterThan(50);
        assertThat(component.instantiate().call("add", List.of(new Value.U32(2), new Value.U32(3))))
                .containsExactly(new Value.U32(5));
    }

    @Test
    void everyTruncationIsMalformedWithSectionAndOffset() {
        java.util.Set<Integer> sectionEnds = sectionEnds(echo);
        for (int length = 0; length < echo.length; length++) {
            byte[] cut = Arrays.copyOf(echo, length);
            if (sectionEnds.contains(length)) {
                // Cut between sections: a shorter component, still well formed.
                assertThat(Component.parse(cut).definitionCount()).isLessThan(Component.parse(echo).definitionCount());
                continue;
            }
            int expectedMax = length;
            assertThatThrownBy(() -> Component.parse(cut)).as("truncated to %d bytes", length)
                    .isInstanceOfSatisfying(MalformedComponentException.class, e -> {
                        assertThat(e.offset()).isBetween(0, expectedMax);
                        assertThat(e.getMessage()).contains(" section, offset ");
                    });
        }
    }

    @Test
    void mutatedBinariesFailTypedOrStillWork() {
        Random random = new Random(16);
        for (int round = 0; round < 3000; round++) {
            byte[] mutated = echo.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                mutated[8 + random.nextInt(mutated.length - 8)] = (byte) random.nextInt(256);
            }
            try {
                ComponentInstance instance = Component.parse(mutated).instantiate();
                instance.call("add", List.of(new Value.U32(1), new Value.U32(1)));
            } catch (PluginException | IllegalArgumentException e) {
                // typed: malformed, unsupported, does not link, ABI violation, trap, bad value
            }
        }
    }

    @Test
    void hugeCountsAndLengthsAreRefusedBeforeAllocating() {
        // A type section claiming 2^32-1 types in 5 bytes.
        assertMalformed(component(7, leb(0x7FFF_FFFFL)), "type", "vector of");
        // A section size past the end of the binary.
        assertMalformed(concat(header(), new byte[] {7}, leb(0x7FFF_FFFFL)), "type", "past the end");
        // A name of 2^31-1 bytes.
        assertMalformed(component(11, concat(leb(1), new byte[] {0}, leb(0x7FFF_FFFFL))), "export", "name of");
        // A record of 100 million fields.
        assertMalformed(component(7, concat(leb(1), new byte[] {0x72}, leb(100_000_000))), "type", "vector of");
        // An over-long LEB128.
        assertMalformed(component(7, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0}),
                "type", "LEB128");
        // An unknown section id and an unknown type opcode.
        assertMalformed(component(13, new byte[0]), "section header", "unknown section id 13");
        assertMalformed(component(7, concat(leb(1), new byte[] {0x20})), "type", "unknown value type 0x20");
        // A name that is not UTF-8.
        assertMalformed(component(0, concat(leb(2), new byte[] {(byte) 0xC3, 0x28})), "custom", "UTF-8");
    }

    @Test
    void deeplyNestedTypesAreRefusedAtLink() {
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        int count = 200;
        types.writeBytes(leb(count));
        types.write(0x70); // type 0: list<u8>
        types.write(0x7d);
        for (int i = 1; i < count; i++) {
            types.write(0x70); // type i: list<type i-1>
            types.writeBytes(sleb(i - 1));
        }
        Component parsed = Component.parse(component(7, types.toByteArray()));
        assertThatThrownBy(parsed::instantiate).isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("nests");
    }

    @Test
    void typesWhoseSizeExplodesAreRefusedWithoutExpandingThem() {
        // tuple of 16 of the previous type, 12 times: 16^12 bytes if it were allowed.
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        types.writeBytes(leb(13));
        types.write(0x6f);
        types.writeBytes(leb(1));
        types.write(0x77); // type 0: tuple<u64>
        for (int i = 1; i < 13; i++) {
            types.write(0x6f);
            types.writeBytes(leb(16));
            for (int j = 0; j < 16; j++) {
                types.writeBytes(sleb(i - 1));
            }
        }
        Component parsed = Component.parse(component(7, types.toByteArray()));
        assertThatThrownBy(parsed::instantiate).isInstanceOf(ComponentLinkException.class)
                // refused by the size it would take in memory or by its size written out, whichever comes first
                .hasMessageContaining("more than the limit of 100000");
    }

    @Test
    void anImportedResourceTypeTheHostDoesNotProvideIsNamed() {
        // A component that imports a resource type: the host must define it (HostResourceTest shows one that does).
        byte[] withImport = dev.plinth.testing.ComponentWat.assemble("""
                (component
                  (import "descriptor" (type (sub resource)))
                )
                """);
        assertThatThrownBy(() -> Component.parse(withImport).instantiate())
                .isInstanceOf(ComponentLinkException.class).isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("resource type 'descriptor'");
    }

    /** The offsets where the top-level sections of {@code bytes} end (and the header). */
    static java.util.Set<Integer> sectionEnds(byte[] bytes) {
        java.util.Set<Integer> ends = new java.util.HashSet<>(List.of(8));
        int at = 8;
        while (at < bytes.length) {
            at++;
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = bytes[at++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            at += (int) size;
            ends.add(at);
        }
        return ends;
    }

    private static void assertMalformed(byte[] bytes, String section, String problem) {
        assertThatThrownBy(() -> Component.parse(bytes)).isInstanceOfSatisfying(MalformedComponentException.class,
                e -> assertThat(e.section()).isEqualTo(section)).hasMessageContaining(problem);
    }

    static byte[] header() {
        return new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    }

    static byte[] component(int section, byte[] content) {
        return concat(header(), new byte[] {(byte) section}, leb(content.length), content);
    }

    static byte[] leb(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return out.toByteArray();
    }

    /** Signed LEB128, as encoders write type indices in value types. */
    static byte[] sleb(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = (int) (value & 0x7F);
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return out.toByteArray();
            }
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

package dev.plinth.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Host globs against what Extism's runtime answers: {@code glob::Pattern::new(p).matches(host)}
 * with the crate's default options (case-sensitive, {@code *} and {@code ?} cross every character,
 * the separator '/' cannot occur in a host), where the host is {@code url::Url::host_str()}, which
 * is lower case.
 */
class HostGlobTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        jsonplaceholder.*.com | jsonplaceholder.typicode.com | true
        jsonplaceholder.*.com | jsonplaceholder.a.b.com      | true
        jsonplaceholder.*.com | jsonplaceholder.com          | false
        jsonplaceholder.*.com | jsonplaceholder.typicode.org | false
        google.*              | google.com                   | true
        google.*              | google.co.uk                 | true
        google.*              | google.com.evil.net          | true
        google.*              | notgoogle.com                | false
        google.*              | google                       | false
        *.example.com         | api.example.com              | true
        *.example.com         | a.b.example.com              | true
        *.example.com         | example.com                  | false
        *.example.com         | evilexample.com              | false
        *.example.com         | api.example.com.evil.net     | false
        api-?.example.com     | api-1.example.com            | true
        api-?.example.com     | api-12.example.com           | false
        api?example.com       | api.example.com              | true
        api[0-9].example.com  | api7.example.com             | true
        api[0-9].example.com  | apix.example.com             | false
        api[!0-9].example.com | apix.example.com             | true
        api[!0-9].example.com | api7.example.com             | false
        10.0.0.*              | 10.0.0.7                     | true
        10.0.0.*              | 10.0.1.7                     | false
        Google.*              | google.com                   | true
        *                     | anything.at.all              | true
        """)
    void matchesAsExtismDoes(String pattern, String host, boolean expected) {
        assertThat(HostGlob.parse(pattern).matches(host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        ''                     | the host is empty
        http://google.com      | has no scheme
        google.com/path        | has no path
        google.com:443         | has no port
        **                     | "**" is not a host pattern
        *.**.com               | "**" is not a host pattern
        *.*                    | would match (nearly) every host
        ?*                     | would match (nearly) every host
        *.[a-z]*               | would match (nearly) every host
        a..b                   | empty label
        .example.com           | empty label
        example.com.           | empty label
        under_score.com        | cannot be part of a host name
        bücher.de              | cannot be part of a host name
        api[0-9.example.com    | is not closed
        api0-9].example.com    | closes no "["
        api[].example.com      | empty set of characters
        api[!].example.com     | empty set of characters
        api[z-a].example.com   | is reversed
        api[a.b].example.com   | holds a dot
        api[_].example.com     | cannot be part of a host name
        -bad.com               | is not a host-name label
        1.2.3                  | all digits but not an IPv4 address
        999.1.1.1              | all digits but not an IPv4 address
        """)
    void refusesWithAClearMessage(String pattern, String problem) {
        assertThatThrownBy(() -> HostGlob.parse(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("\"" + pattern + "\" is not a host name or pattern: ")
                .hasMessageContaining(problem);
    }

    @Test
    void literalPatternsAreNamesAndAddresses() {
        assertThat(HostGlob.parse("api.example.com").isLiteral()).isTrue();
        assertThat(HostGlob.parse("10.0.0.1").isLiteral()).isTrue();
        assertThat(HostGlob.parse("*.example.com").isLiteral()).isFalse();
        assertThat(HostGlob.parse("*").matchesEverything()).isTrue();
        assertThat(HostGlob.parse("*.example.com").matchesEverything()).isFalse();
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        *                  | google.*            | true
        *.example.com      | api.example.com     | true
        *.example.com      | *.api.example.com   | true
        *.example.com      | api-?.example.com   | true
        *.example.com      | api[0-9].example.com| true
        *.example.com      | *.com               | false
        *.example.com      | *example.com        | false
        api.example.com    | *.example.com       | false
        api-?.example.com  | api-1.example.com   | true
        api-?.example.com  | api-[0-9].example.com | true
        api-[0-9].example.com | api-?.example.com | false
        api-[0-9].example.com | api-[1-3].example.com | true
        api-[!a].example.com  | api-[b-c].example.com | true
        api-[!a].example.com  | api-[a-c].example.com | false
        google.*           | google.com.*        | true
        google.com.*       | google.*            | false
        *.*.com            | *.example.com       | true
        """)
    void coveringIsSafe(String grant, String asked, boolean expected) {
        assertThat(HostGlob.parse(grant).covers(HostGlob.parse(asked))).isEqualTo(expected);
    }

    /** When a grant is said to cover an ask, every host the ask matches, the grant matches. */
    @Test
    void coveringAgreesWithMatchingOnSampleHosts() {
        String[] patterns = {"*.example.com", "api-?.example.com", "api-[0-9].example.com", "google.*", "*.com",
            "*.*.com", "a*b.com", "a*.com", "*b.com", "api-1.example.com", "[a-c]*.com"};
        String[] hosts = {"api-1.example.com", "api-x.example.com", "example.com", "a.example.com", "google.com",
            "google.com.evil.net", "ab.com", "axb.com", "b.com", "a.com", "c.x.com", "api-12.example.com"};
        for (String g : patterns) {
            for (String a : patterns) {
                HostGlob grant = HostGlob.parse(g);
                HostGlob asked = HostGlob.parse(a);
                if (!grant.covers(asked)) {
                    continue;
                }
                for (String host : hosts) {
                    if (asked.matches(host)) {
                        assertThat(grant.matches(host)).as("%s covers %s, and %s matches %s", g, a, a, host).isTrue();
                    }
                }
            }
        }
    }
}

package io.chio.kernel.guards.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeyChordsTest {
  @ParameterizedTest
  @ValueSource(strings = {"super+r", "Super_L+r", "SUPER+R", "r+super", "win+r", "cmd+r", "Meta+r", "<cmd>+r", "Key.cmd+r", "#r", "⌘r",
      "super-r", "ｓｕｐｅｒ+ｒ", "vk_lwin+r", "{LWIN}+r"})
  void spellingsOfSuperR(String spelling) {
    assertThat(KeyChords.parse(spelling)).containsExactly(Set.of("super", "r"));
  }

  @Test
  void prefixNotation() {
    assertThat(KeyChords.parse("^%t")).containsExactly(Set.of("ctrl", "alt", "t"));
    assertThat(KeyChords.parse("!{F2}")).containsExactly(Set.of("alt", "f2"));
  }

  @Test
  void sequencesAndSeparatorKeys() {
    assertThat(KeyChords.parse(" ctrl+c   ctrl+v ")).containsExactly(Set.of("ctrl", "c"), Set.of("ctrl", "v"));
    assertThat(KeyChords.parse("ctrl++")).containsExactly(Set.of("ctrl", "plus"));
    assertThat(KeyChords.parse("+")).containsExactly(Set.of("plus"));
    assertThat(KeyChords.parse("-")).containsExactly(Set.of("-"));
    assertThat(KeyChords.parse("ctrl+-")).containsExactly(Set.of("ctrl", "-"));
    assertThat(KeyChords.parse("Return")).containsExactly(Set.of("enter"));
    assertThat(KeyChords.parse("")).isEmpty();
  }

  @Test
  void parseOneRejectsSequences() {
    assertThat(KeyChords.parseOne("ctrl+alt+t")).isEqualTo(Set.of("ctrl", "alt", "t"));
    assertThat(KeyChords.parseOne("ctrl+c ctrl+v")).isNull();
    assertThat(KeyChords.parseOne("  ")).isNull();
  }

  @Test
  void plainWordsAreSingleKeys() {
    assertThat(KeyChords.parse("a b")).isEqualTo(List.of(Set.of("a"), Set.of("b")));
  }
}

package io.chio.core.receipt;

import io.chio.core.ChioFormatException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum with a fixed wire spelling. Parsing is exact: no case folding, no aliases. */
interface WireEnum {
  String wire();

  static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String value, String path) {
    for (E e : type.getEnumConstants()) {
      if (e.wire().equals(value)) {
        return e;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(", "));
    throw new ChioFormatException(path + ": unknown value \"" + value + "\" (expected one of " + allowed + ")");
  }
}

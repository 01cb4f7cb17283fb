package io.chio.mcp;

/** The three JSON-RPC 2.0 message shapes. */
public enum MessageKind {
  REQUEST,
  NOTIFICATION,
  RESPONSE
}

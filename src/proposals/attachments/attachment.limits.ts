/** The largest attachment accepted (DESIGN.md: PDF, at most 20 MiB); the HTTP layer's multipart limit is set from it. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The largest attachment, and the largest multipart request that carries one (also next.config.ts's proxy body limit). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_REQUEST_BYTES = MAX_ATTACHMENT_BYTES + 64 * 1024;

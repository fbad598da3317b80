/** A user policy module carried by a link or kept in the page: its name and its code. */
export interface PolicyCode {
  readonly name: string;
  readonly code: string;
}

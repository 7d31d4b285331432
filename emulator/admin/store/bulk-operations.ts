/**
 * Bulk operation records and the staged uploads that feed bulk mutations. The
 * records carry exactly the fields of Shopify's BulkOperation object; the
 * result file is kept in memory and served by the emulator itself.
 */
import { globalId } from "./records";

export type BulkOperationType = "QUERY" | "MUTATION";
export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

/**
 * A bulk mutation's JSONL file may be at most 100 MB from API 2026-01 (up from 20 MB: "Faster bulk operations",
 * Shopify developer changelog, 2025-12-15); a bigger one is refused by the storage with EntityTooLarge.
 */
export const BULK_MUTATION_FILE_MAX_BYTES = 100 * 1024 * 1024;

/** From API 2026-01 an app may run five bulk operations per shop at once. */
export const MAX_CONCURRENT_BULK_OPERATIONS = 5;

export class BulkOperationRecord {
  status: BulkOperationStatus = "CREATED";
  errorCode: BulkOperationErrorCode | null = null;
  objectCount = 0;
  rootObjectCount = 0;
  completedAt: number | null = null;
  /** JSONL result, present once the operation has finished with data. */
  result: string | null = null;
  /** Partial JSONL when a failed operation got some data out. */
  partialResult: string | null = null;
  cancelRequested = false;

  constructor(
    readonly legacyId: number,
    readonly type: BulkOperationType,
    readonly query: string,
    readonly createdAt: number,
    readonly clientIdentifier: string | null,
  ) {}

  get __typename(): "BulkOperation" {
    return "BulkOperation";
  }

  get id(): string {
    return globalId("BulkOperation", this.legacyId);
  }

  get isActive(): boolean {
    return this.status === "CREATED" || this.status === "RUNNING" || this.status === "CANCELING";
  }

  get fileSize(): number | null {
    return this.result === null ? null : Buffer.byteLength(this.result, "utf8");
  }
}

export interface StagedUpload {
  readonly key: string;
  readonly filename: string;
  readonly mimeType: string;
  readonly signature: string;
  readonly createdAt: number;
  contents: string | null;
}

export class BulkOperationStore {
  private readonly operations: BulkOperationRecord[] = [];
  readonly stagedUploads = new Map<string, StagedUpload>();

  add(operation: BulkOperationRecord): void {
    this.operations.push(operation);
  }

  get(legacyId: number): BulkOperationRecord | undefined {
    return this.operations.find((operation) => operation.legacyId === legacyId);
  }

  /** Newest first, as `bulkOperations` and `currentBulkOperation` order them. */
  newestFirst(): BulkOperationRecord[] {
    return [...this.operations].reverse();
  }

  activeCount(): number {
    return this.operations.filter((operation) => operation.isActive).length;
  }
}

// `reinhardt/db`: models, fields, querysets, expressions, connections and transactions.
export * from './models/index.ts';
export { connections, router, createConnection, registerBackend, captureQueries } from './connections.ts';
export { atomic, onCommit, setRollback, getRollback, isInAtomicBlock, type AtomicOptions } from './transaction.ts';
export {
  DatabaseError, InterfaceError, DataError, OperationalError, IntegrityError, InternalError,
  ProgrammingError, NotSupportedError, TransactionManagementError, type DatabaseRouter,
} from './utils.ts';

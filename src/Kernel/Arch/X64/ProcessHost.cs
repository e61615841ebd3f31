using Minix3.Cosmos.Kernel.Proc;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // The IPC engine's access to process memory and trap results: memory
    // through each process's AddressSpace (page-table walks, so any process,
    // not just the current one), results into the saved register frame at
    // the top of the process's kernel stack.
    internal sealed unsafe class ProcessHost : IProcessHost
    {
        private readonly AddressSpace?[] _spaces = new AddressSpace?[ProcessTable.SlotCount];

        public AddressSpace? SpaceOf(Process process) => _spaces[process.Slot];

        // An exec's new space while the memory manager fills it (VmCtl
        // NewSpace); it replaces the current one only at Commit, so a failed
        // exec leaves the process untouched.
        private readonly AddressSpace?[] _staged = new AddressSpace?[ProcessTable.SlotCount];

        public AddressSpace? StagedOf(Process process) => _staged[process.Slot];

        public void Stage(Process process, AddressSpace space) => _staged[process.Slot] = space;

        public AddressSpace? TakeStaged(Process process) => Take(_staged, process);

        public void Attach(Process process, AddressSpace space) => _spaces[process.Slot] = space;

        public AddressSpace? Detach(Process process) => Take(_spaces, process);

        private static AddressSpace? Take(AddressSpace?[] spaces, Process process)
        {
            AddressSpace? space = spaces[process.Slot];
            spaces[process.Slot] = null;
            return space;
        }

        public bool CopyFromProcess(Process process, ulong address, void* destination, int length)
        {
            AddressSpace? space = _spaces[process.Slot];
            return space != null && length >= 0 && space.CopyIn(address, destination, (ulong)length);
        }

        public bool CopyToProcess(Process process, ulong address, void* source, int length)
        {
            AddressSpace? space = _spaces[process.Slot];
            return space != null && length >= 0 && space.CopyOut(address, source, (ulong)length);
        }

        public bool CopyBetween(Process source, ulong sourceAddress, Process destination, ulong destinationAddress, ulong length)
        {
            AddressSpace? from = _spaces[source.Slot], to = _spaces[destination.Slot];
            return from != null && to != null && AddressSpace.CopyBetween(from, sourceAddress, to, destinationAddress, length);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool IsWritable(Process process, ulong address, int length)
        {
            AddressSpace? space = _spaces[process.Slot];
            return space != null && length >= 0 && space.IsUserRange(address, (ulong)length, true);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public Lib.Ipc.Message* MessageAt(Process process, ulong address, bool writable) =>
            _spaces[process.Slot] is AddressSpace space ? space.MessageAt(address, writable) : null;

        // One copy, sender's page to receiver's, with the kernel's Source.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool CopyMessage(Process from, ulong fromAddress, bool fromWritable, Process to, ulong toAddress, int source)
        {
            Lib.Ipc.Message* input = MessageAt(from, fromAddress, fromWritable);
            Lib.Ipc.Message* output = input == null ? null : MessageAt(to, toAddress, true);
            if (output == null)
                return false;
            *output = *input;
            output->Source = source;
            return true;
        }

        public void SetTrapResult(Process process, long value) => ((InterruptFrame*)process.SavedFrame)->Rax = (ulong)value;
    }
}

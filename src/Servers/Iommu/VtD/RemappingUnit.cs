using System.Runtime.CompilerServices;

namespace Minix3.Cosmos.Servers.Iommu.VtD
{
    // One DMA remapping unit's registers (VT-d ch. 10), mapped uncached.
    // 64-bit registers are written as two 32-bit halves, the high half
    // last: a command (CCMD, IOTLB) starts when its high half is written.
    // Invalidation is register-based (no queue): iommu changes mappings
    // only when a driver starts or ends, so its cost does not matter.
    internal sealed unsafe class RemappingUnit
    {
        private const int Version = 0x00, Capability = 0x08, ExtendedCapability = 0x10;
        private const int GlobalCommand = 0x18, GlobalStatus = 0x1C, RootTableAddress = 0x20;
        private const int ContextCommand = 0x28, FaultStatus = 0x34, FaultControl = 0x38;
        private const uint TranslationEnable = 1u << 31, SetRootTablePointer = 1u << 30;
        private const uint ContextInvalidate = 1u << 31, ContextGlobal = 1u << 29;      // CCMD high half: ICC, CIRG = 01
        private const uint IotlbInvalidate = 1u << 31, IotlbGlobal = 1u << 28;          // IOTLB high half: IVT, IIRG = 01
        private const uint PendingFault = 1u << 1, FaultOverflow = 1u;
        private const uint FaultFlag = 1u << 31;                                        // F, in the record's top half
        private const int Polls = 1_000_000;

        private readonly byte* _registers;
        private readonly int _iotlb, _records, _recordCount;

        public RemappingUnit(byte* registers)
        {
            _registers = registers;
            ulong capability = Read64(Capability), extended = Read64(ExtendedCapability);
            VersionText = string.Concat(((Read(Version) >> 4) & 0xF).ToString(), ".", (Read(Version) & 0xF).ToString());
            _iotlb = (int)((extended >> 8) & 0x3FF) * 16;
            _records = (int)((capability >> 24) & 0x3FF) * 16;
            _recordCount = (int)((capability >> 40) & 0xFF) + 1;
            // SAGAW bit 1: 39-bit, 3-level tables; bit 2: 48-bit, 4-level.
            uint widths = (uint)(capability >> 8) & 0x1F;
            Levels = (widths & 2) != 0 ? 3 : (widths & 4) != 0 ? 4 : 0;
            CachingMode = (capability & (1UL << 7)) != 0;
            WriteBufferFlush = (capability & (1UL << 4)) != 0;
        }

        public string VersionText { get; }
        public int Levels { get; }                 // 0: no page-table depth we support
        public bool CachingMode { get; }           // absent entries may be cached too: invalidate after mapping as well
        public bool WriteBufferFlush { get; }      // RWBF: a platform we do not serve (see README)
        public int FaultRecords => _recordCount;
        public bool TranslationOn => (Read(GlobalStatus) & TranslationEnable) != 0;

        // Installs `rootTable` and turns translation on; false (and why)
        // when the unit does not do as asked.
        public bool Enable(ulong rootTable, out string problem)
        {
            problem = "";
            // Fault events are read by polling (Server.PollMs): keep the
            // interrupt masked, so the unit never sends an MSI the kernel
            // does not expect.
            Write(FaultControl, 1u << 31);
            if (TranslationOn)
            {
                // Firmware left translation on: off first, then the new root.
                Write(GlobalCommand, 0);
                if (!WaitStatus(TranslationEnable, false))
                {
                    problem = "the firmware's translation does not turn off";
                    return false;
                }
            }
            Write(RootTableAddress, (uint)rootTable);
            Write(RootTableAddress + 4, (uint)(rootTable >> 32));
            Write(GlobalCommand, SetRootTablePointer);
            if (!WaitStatus(SetRootTablePointer, true))
            {
                problem = "the root table pointer is not taken";
                return false;
            }
            InvalidateContexts();
            InvalidateTranslations();
            Write(GlobalCommand, TranslationEnable);
            if (!WaitStatus(TranslationEnable, true))
            {
                problem = "translation does not turn on";
                return false;
            }
            return true;
        }

        public void InvalidateContexts()
        {
            Write(ContextCommand, 0);
            Write(ContextCommand + 4, ContextInvalidate | ContextGlobal);
            for (int i = 0; i < Polls && (Read(ContextCommand + 4) & ContextInvalidate) != 0; i++)
            {
            }
        }

        public void InvalidateTranslations()
        {
            Write(_iotlb + 8, 0);
            Write(_iotlb + 12, IotlbInvalidate | IotlbGlobal);
            for (int i = 0; i < Polls && (Read(_iotlb + 12) & IotlbInvalidate) != 0; i++)
            {
            }
        }

        // The next recorded fault, cleared from the unit; false when none
        // is pending. Faults that came while every record was full were not
        // recorded (the unit only flags that some happened): the flag is
        // cleared, as the one report per driver instance needs no count.
        public bool NextFault(out FaultRecord fault)
        {
            fault = default;
            uint status = Read(FaultStatus);
            if ((status & FaultOverflow) != 0)
                Write(FaultStatus, FaultOverflow);
            if ((status & PendingFault) == 0)
                return false;
            int first = (int)((status >> 8) & 0xFF);
            for (int n = 0; n < _recordCount; n++)
            {
                int at = _records + 16 * ((first + n) % _recordCount);
                if ((Read(at + 12) & FaultFlag) == 0)
                    continue;
                fault = new FaultRecord(Read64(at), Read64(at + 8));
                Write(at + 12, FaultFlag);   // write 1 to F: the record is free again
                return true;
            }
            return false;
        }

        private bool WaitStatus(uint bit, bool set)
        {
            for (int i = 0; i < Polls; i++)
            {
                if (((Read(GlobalStatus) & bit) != 0) == set)
                    return true;
            }
            return false;
        }

        private ulong Read64(int offset) => Read(offset) | (ulong)Read(offset + 4) << 32;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private uint Read(int offset) => *(uint*)(_registers + offset);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Write(int offset, uint value) => *(uint*)(_registers + offset) = value;
    }
}

using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Net.E1000
{
    // The Intel 82540EM (8086:100e; QEMU's, Bochs's and VMware's e1000):
    // registers in memory BAR 0, legacy receive and transmit descriptor
    // rings in DMA memory, one 2 KiB buffer per descriptor. The library
    // (EthernetDriver) does the protocol; this class resets and programs
    // the chip and moves frames between its rings and the library.
    public sealed unsafe class E1000Driver : EthernetDriver
    {
        private const ushort Vendor = 0x8086, Device = 0x100E;

        // Registers (82540EM manual, section 13).
        private const int Ctrl = 0x0000, StatusRegister = 0x0008, Eerd = 0x0014;
        private const int Icr = 0x00C0, Ims = 0x00D0, Imc = 0x00D8;
        private const int Rctl = 0x0100, Tctl = 0x0400, Tipg = 0x0410;
        private const int Rdbal = 0x2800, Rdbah = 0x2804, Rdlen = 0x2808, Rdh = 0x2810, Rdt = 0x2818;
        private const int Tdbal = 0x3800, Tdbah = 0x3804, Tdlen = 0x3808, Tdh = 0x3810, Tdt = 0x3818;
        private const int Mta = 0x5200, Ral0 = 0x5400, Rah0 = 0x5404;

        private const uint CtrlSetLinkUp = 1u << 6, CtrlAutoSpeed = 1u << 5, CtrlReset = 1u << 26;
        private const uint CtrlLinkReset = 1u << 3, CtrlPhyReset = 1u << 31;
        private const uint StatusLinkUp = 1u << 1;
        private const uint EerdStart = 1u << 0, EerdDone = 1u << 4;
        private const uint RctlEnable = 1u << 1, RctlBroadcast = 1u << 15, RctlStripCrc = 1u << 26; // BSIZE 00: 2048
        private const uint ReceiveControl = RctlEnable | RctlStripCrc;
        // Receive filter bits: unicast and multicast promiscuous.
        private const uint RctlUnicastAll = 1u << 3, RctlMulticastAll = 1u << 4;
        private const uint TctlEnable = 1u << 1, TctlPadShort = 1u << 3;
        private const uint TctlCollisionThreshold = 0x0Fu << 4, TctlCollisionDistance = 0x40u << 12;
        private const uint TipgCopper = 10 | 8 << 10 | 6 << 20;
        private const uint RahValid = 1u << 31;
        // Interrupts: transmit written back, link change, receive sequence
        // error, receive ring low, receive overrun, receive timer.
        private const uint Interrupts = 1u << 0 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 6 | 1u << 7;

        // Descriptor fields (16 bytes each, legacy format).
        private const int DescriptorBytes = 16;
        private const int LengthField = 8, CommandField = 11, StatusField = 12, ErrorsField = 13;
        private const byte DescriptorDone = 1 << 0, EndOfPacket = 1 << 1;
        private const byte CommandEndOfPacket = 1 << 0, CommandInsertFcs = 1 << 1, CommandReportStatus = 1 << 3;
        private const byte TransmitExcessCollisions = 1 << 1, TransmitLateCollision = 1 << 2;

        // DMA memory: the two rings in the first page, then the buffers.
        private const int ReceiveSlots = 32, TransmitSlots = 32, BufferBytes = 2048;
        private const int ReceiveRingAt = 0, TransmitRingAt = ReceiveSlots * DescriptorBytes;
        private const int ReceiveBuffersAt = 4096, TransmitBuffersAt = ReceiveBuffersAt + ReceiveSlots * BufferBytes;
        private const int DmaBytes = TransmitBuffersAt + TransmitSlots * BufferBytes;

        private readonly Mmio _registers;
        private readonly byte* _dma;
        private readonly ulong _dmaPhysical;
        private readonly DescriptorRing _transmit = new DescriptorRing(TransmitSlots);
        private int _receiveNext;
        private ulong _mac;

        private E1000Driver(int irq, Mmio registers, byte* dma, ulong dmaPhysical) : base("e1000", irq)
        {
            _registers = registers;
            _dma = dma;
            _dmaPhysical = dmaPhysical;
        }

        public static int Main()
        {
            int status = PciClient.Claim(Vendor, Device, 0, out PciDeviceReply nic);
            if (status != Status.Ok)
            {
                Diagnostics.Print(string.Concat("e1000: no device: pci says ", status.ToString()));
                return status == PciStatus.NoDevice ? 0 : 1;
            }
            status = PciClient.Bar(nic.Address, 0, out PciBarReply bar);
            if (status != Status.Ok || bar.Kind != PciBarKind.Memory)
            {
                Diagnostics.Print("e1000: BAR 0 is not memory");
                return 1;
            }
            ulong length = (bar.Size + 4095) & ~4095UL;
            status = Devices.Map(bar.Base, length, out ulong mapped);
            if (status != Status.Ok)
            {
                Diagnostics.Print(string.Concat("e1000: map of BAR 0 refused: ", status.ToString()));
                return 1;
            }
            status = Devices.AllocateDma(DmaBytes, out ulong dma, out ulong physical);
            if (status != Status.Ok)
            {
                Diagnostics.Print(string.Concat("e1000: no DMA memory: ", status.ToString()));
                return 1;
            }
            new E1000Driver(nic.Irq, new Mmio(mapped), (byte*)dma, physical).Run();
            return 0;
        }

        protected override ulong MacAddress => _mac;

        protected override bool LinkUp => (_registers.Read(StatusRegister) & StatusLinkUp) != 0;

        protected override bool ResetDevice()
        {
            // A predecessor left the receiver running as we program it: a
            // restart. The receiver then stays on and only its ring is
            // programmed again: QEMU's e1000 refuses every frame for one
            // second of guest time after each write of RCTL (its
            // flush_queue_timer), so a global reset, which makes the
            // driver write RCTL again, would blind each successor for a
            // second, longer than a restart takes (a kill every second
            // would then let no frame through at all).
            bool warm = (_registers.Read(Rctl) & ReceiveControl) == ReceiveControl;
            // Stop interrupts and DMA, then the global reset; the reset bit
            // clears itself when the chip is done.
            _registers.Write(Imc, 0xFFFFFFFF);
            if (!warm)
                _registers.Write(Rctl, 0);
            _registers.Write(Tctl, 0);
            if (!warm)
            {
                _registers.Write(Ctrl, _registers.Read(Ctrl) | CtrlReset);
                int polls = 0;
                while ((_registers.Read(Ctrl) & CtrlReset) != 0)
                {
                    if (++polls > 100000)
                        return false;
                }
            }
            _registers.Write(Imc, 0xFFFFFFFF);
            _registers.Read(Icr);
            _registers.Write(Ctrl, (_registers.Read(Ctrl) | CtrlSetLinkUp | CtrlAutoSpeed) & ~(CtrlLinkReset | CtrlPhyReset));

            _mac = ReadMac();
            _registers.Write(Ral0, (uint)_mac);
            _registers.Write(Rah0, (uint)(_mac >> 32) | RahValid);
            for (int i = 0; i < 128; i++)
                _registers.Write(Mta + 4 * i, 0);

            // The old instance's rings (a restart) mean nothing now. The
            // receiver may still be running (warm): each receive descriptor
            // is written whole, its buffer first, never left pointing at 0
            // (a frame arriving then would be DMA to physical 0: refused by
            // the IOMMU as this driver's fault, or, without one, written
            // there). The transmitter is off: its ring is simply cleared.
            for (int i = 0; i < ReceiveSlots; i++)
            {
                byte* descriptor = _dma + ReceiveRingAt + i * DescriptorBytes;
                *(ulong*)descriptor = _dmaPhysical + ReceiveBuffersAt + (ulong)(i * BufferBytes);
                *(ulong*)(descriptor + 8) = 0;
            }
            for (int i = TransmitRingAt; i < TransmitRingAt + TransmitSlots * DescriptorBytes; i++)
                _dma[i] = 0;
            _receiveNext = 0;
            _transmit.Reset();

            _registers.Write(Rdbal, (uint)(_dmaPhysical + ReceiveRingAt));
            _registers.Write(Rdbah, (uint)((_dmaPhysical + ReceiveRingAt) >> 32));
            _registers.Write(Rdlen, ReceiveSlots * DescriptorBytes);
            _registers.Write(Rdh, 0);
            // Every descriptor but one is the chip's: head == tail is "empty".
            _registers.Write(Rdt, ReceiveSlots - 1);
            if (!warm)
                _registers.Write(Rctl, ReceiveControl | RctlBroadcast);

            _registers.Write(Tdbal, (uint)(_dmaPhysical + TransmitRingAt));
            _registers.Write(Tdbah, (uint)((_dmaPhysical + TransmitRingAt) >> 32));
            _registers.Write(Tdlen, TransmitSlots * DescriptorBytes);
            _registers.Write(Tdh, 0);
            _registers.Write(Tdt, 0);
            _registers.Write(Tipg, TipgCopper);
            _registers.Write(Tctl, TctlEnable | TctlPadShort | TctlCollisionThreshold | TctlCollisionDistance);

            _registers.Write(Ims, Interrupts);
            return true;
        }

        // The address from the EEPROM's first three words (through EERD);
        // what RAL0/RAH0 hold when the EEPROM does not answer.
        private ulong ReadMac()
        {
            ulong mac = 0;
            for (uint word = 0; word < 3; word++)
            {
                _registers.Write(Eerd, EerdStart | word << 8);
                uint value = 0;
                int polls = 0;
                while (((value = _registers.Read(Eerd)) & EerdDone) == 0 && ++polls < 10000)
                {
                }
                if ((value & EerdDone) == 0)
                    return _registers.Read(Ral0) | (ulong)(_registers.Read(Rah0) & 0xFFFF) << 32;
                mac |= (ulong)(value >> 16) << (int)(16 * word);
            }
            return mac;
        }

        protected override void AcknowledgeInterrupts() => _registers.Read(Icr);

        protected override byte* TransmitBuffer() =>
            _transmit.IsFull ? null : _dma + TransmitBuffersAt + _transmit.Tail * BufferBytes;

        protected override void StartTransmit(int length)
        {
            int entry = _transmit.Claim();
            byte* descriptor = _dma + TransmitRingAt + entry * DescriptorBytes;
            *(ulong*)descriptor = _dmaPhysical + TransmitBuffersAt + (ulong)(entry * BufferBytes);
            *(ushort*)(descriptor + LengthField) = (ushort)length;
            descriptor[CommandField] = CommandEndOfPacket | CommandInsertFcs | CommandReportStatus;
            descriptor[StatusField] = 0;
            // The tail write hands the descriptor over (the stores above
            // are ordered before it: x86 keeps stores in order, and the
            // register write is a call).
            _registers.Write(Tdt, (uint)_transmit.Tail);
        }

        protected override TransmitState TransmitDone()
        {
            if (_transmit.IsEmpty)
                return TransmitState.Busy;
            byte status = _dma[TransmitRingAt + _transmit.Head * DescriptorBytes + StatusField];
            if ((status & DescriptorDone) == 0)
                return TransmitState.Busy;
            _transmit.Release();
            return (status & (TransmitExcessCollisions | TransmitLateCollision)) != 0 ? TransmitState.Failed : TransmitState.Sent;
        }

        // RCTL is written only when the filter changes: each write costs a
        // second of deafness under QEMU (see ResetDevice).
        // Every receive descriptor's buffer: the device writes the next
        // frames there (the descriptors the chip already holds included).
        protected override bool AimReceivesAt(ulong physical)
        {
            for (int i = 0; i < ReceiveSlots; i++)
                *(ulong*)(_dma + ReceiveRingAt + i * DescriptorBytes) = physical;
            return true;
        }

        protected override int ApplyReceiveFilter(int filter)
        {
            uint rctl = ReceiveControl
                | ((filter & EthFilter.Broadcast) != 0 ? RctlBroadcast : 0)
                | ((filter & (EthFilter.AllMulticast | EthFilter.Promiscuous)) != 0 ? RctlMulticastAll : 0)
                | ((filter & EthFilter.Promiscuous) != 0 ? RctlUnicastAll : 0);
            if (_registers.Read(Rctl) != rctl)
                _registers.Write(Rctl, rctl);
            return filter | EthFilter.Unicast;
        }

        protected override int ReceiveFrame(byte* into)
        {
            byte* descriptor = _dma + ReceiveRingAt + _receiveNext * DescriptorBytes;
            byte status = descriptor[StatusField];
            if ((status & DescriptorDone) == 0)
                return 0;
            int length = *(ushort*)(descriptor + LengthField);
            bool good = (status & EndOfPacket) != 0 && descriptor[ErrorsField] == 0
                && length >= EthLimits.MinFrame && length <= EthLimits.MaxFrame;
            if (good)
            {
                byte* buffer = _dma + ReceiveBuffersAt + _receiveNext * BufferBytes;
                for (int i = 0; i < length; i++)
                    into[i] = buffer[i];
            }
            descriptor[StatusField] = 0;
            descriptor[ErrorsField] = 0;
            // Give the descriptor back: the tail now points at it.
            _registers.Write(Rdt, (uint)_receiveNext);
            _receiveNext = DescriptorRing.Next(_receiveNext, ReceiveSlots);
            return good ? length : -1;
        }
    }
}

using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Net.Rtl8139
{
    // The Realtek RTL8139 (10ec:8139): registers in I/O BAR 0, one receive
    // ring buffer the chip fills with records (ReceiveRing), four transmit
    // slots used in turn (0, 1, 2, 3, 0, ...: the chip sends them in that
    // order). The library (EthernetDriver) does the protocol.
    public sealed unsafe class Rtl8139Driver : EthernetDriver
    {
        private const ushort Vendor = 0x10EC, Device = 0x8139;

        // Registers (offsets from the I/O base).
        private const int Idr0 = 0x00, Tsd0 = 0x10, Tsad0 = 0x20, Rbstart = 0x30, Command = 0x37, Capr = 0x38;
        private const int Imr = 0x3C, Isr = 0x3E, Tcr = 0x40, Rcr = 0x44, Config1 = 0x52, Bmsr = 0x64;

        private const byte CommandReset = 1 << 4, ReceiverEnable = 1 << 3, TransmitterEnable = 1 << 2, BufferEmpty = 1 << 0;
        // Interrupts: receive OK/error, transmit OK/error, receive buffer
        // overflow, link change (QEMU raises "packet underrun" for it), FIFO overflow.
        private const uint Interrupts = 1 << 0 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6;
        // Accept frames to our address (APM); DMA bursts unlimited, no
        // early receive threshold; an 8 KiB ring (RBLEN 00) without WRAP: a
        // record may wrap (ReceiveRing.Copy). The filter adds the rest.
        private const uint ReceiveConfig = 1 << 1 | 7 << 8 | 7 << 13;
        // Receive filter bits: all physical (AAP), multicast (AM), broadcast (AB).
        private const uint RcrAll = 1 << 0, RcrMulticast = 1 << 2, RcrBroadcast = 1 << 3;
        // What a reset programs, and what the client's Open asked since.
        private uint _receiveConfig = ReceiveConfig | RcrBroadcast | RcrMulticast;
        // DMA bursts of 2 KiB, the standard interframe gap.
        private const uint TransmitConfig = 7 << 8 | 3u << 24;
        private const uint TransmitOk = 1u << 15, TransmitUnderrun = 1u << 14, TransmitAborted = 1u << 30;
        private const ushort BmsrLinkUp = 1 << 2;

        private const int RingBytes = 8192;
        // The ring, the 16 bytes the chip may write past it, slack; then
        // the four transmit buffers.
        private const int TransmitBuffersAt = 8704, TransmitSlotBytes = 1536, Slots = 4;
        private const int DmaBytes = 16384;
        private const int MinimumFrame = 60;

        private readonly ushort _io;
        private readonly byte* _dma;
        private readonly ulong _dmaPhysical;
        private int _receiveAt, _transmitNext, _transmitOldest, _inFlight;
        private ulong _mac;

        private Rtl8139Driver(int irq, ushort io, byte* dma, ulong dmaPhysical) : base("rtl8139", irq)
        {
            _io = io;
            _dma = dma;
            _dmaPhysical = dmaPhysical;
        }

        public static int Main()
        {
            int status = PciClient.Claim(Vendor, Device, 0, out PciDeviceReply nic);
            if (status != Status.Ok)
            {
                Diagnostics.Print(string.Concat("rtl8139: no device: pci says ", status.ToString()));
                return status == PciStatus.NoDevice ? 0 : 1;
            }
            status = PciClient.Bar(nic.Address, 0, out PciBarReply bar);
            if (status != Status.Ok || bar.Kind != PciBarKind.Io || bar.Base > 0xFF00)
            {
                Diagnostics.Print("rtl8139: BAR 0 is not I/O");
                return 1;
            }
            status = Devices.AllocateDma(DmaBytes, out ulong dma, out ulong physical);
            if (status != Status.Ok || physical + DmaBytes > 0x1_0000_0000UL)
            {
                // The chip addresses 32 bits.
                Diagnostics.Print(string.Concat("rtl8139: no DMA memory below 4 GiB: ", status.ToString()));
                return 1;
            }
            new Rtl8139Driver(nic.Irq, (ushort)bar.Base, (byte*)dma, physical).Run();
            return 0;
        }

        private uint In(int register, int width)
        {
            Devices.In((ushort)(_io + register), width, out uint value);
            return value;
        }

        private void Out(int register, int width, uint value) => Devices.Out((ushort)(_io + register), width, value);

        protected override ulong MacAddress => _mac;

        protected override bool LinkUp => (In(Bmsr, 2) & BmsrLinkUp) != 0;

        protected override bool ResetDevice()
        {
            Out(Config1, 1, 0);   // power on (LWAKE low)
            Out(Command, 1, CommandReset);
            int polls = 0;
            while ((In(Command, 1) & CommandReset) != 0)
            {
                if (++polls > 100000)
                    return false;
            }
            _mac = 0;
            for (int i = 0; i < 6; i++)
                _mac |= (ulong)(In(Idr0 + i, 1) & 0xFF) << (8 * i);

            for (int i = 0; i < DmaBytes; i++)
                _dma[i] = 0;
            _receiveAt = 0;
            _transmitNext = _transmitOldest = _inFlight = 0;

            Out(Rbstart, 4, (uint)_dmaPhysical);
            Out(Imr, 2, Interrupts);
            Out(Isr, 2, 0xFFFF);
            _receiveConfig = ReceiveConfig | RcrBroadcast | RcrMulticast;
            Out(Rcr, 4, _receiveConfig);
            Out(Tcr, 4, TransmitConfig);
            Out(Command, 1, ReceiverEnable | TransmitterEnable);
            // Read pointer at the ring's start (written 16 short: the chip adds 16).
            Out(Capr, 2, ReceiveRing.CaprFor(0, RingBytes));
            return true;
        }

        protected override void AcknowledgeInterrupts()
        {
            uint causes = In(Isr, 2);
            Out(Isr, 2, causes);
        }

        protected override byte* TransmitBuffer() =>
            _inFlight == Slots ? null : _dma + TransmitBuffersAt + _transmitNext * TransmitSlotBytes;

        protected override void StartTransmit(int length)
        {
            byte* buffer = _dma + TransmitBuffersAt + _transmitNext * TransmitSlotBytes;
            // Short frames padded with zeros here, not by the chip.
            for (int i = length; i < MinimumFrame; i++)
                buffer[i] = 0;
            if (length < MinimumFrame)
                length = MinimumFrame;
            Out(Tsad0 + 4 * _transmitNext, 4, (uint)(_dmaPhysical + TransmitBuffersAt + (ulong)(_transmitNext * TransmitSlotBytes)));
            // Writing the size clears OWN: the chip takes the slot.
            Out(Tsd0 + 4 * _transmitNext, 4, (uint)length);
            _transmitNext = (_transmitNext + 1) % Slots;
            _inFlight++;
        }

        protected override TransmitState TransmitDone()
        {
            if (_inFlight == 0)
                return TransmitState.Busy;
            uint status = In(Tsd0 + 4 * _transmitOldest, 4);
            if ((status & (TransmitOk | TransmitUnderrun | TransmitAborted)) == 0)
                return TransmitState.Busy;
            _transmitOldest = (_transmitOldest + 1) % Slots;
            _inFlight--;
            return (status & TransmitOk) != 0 ? TransmitState.Sent : TransmitState.Failed;
        }

        // The receive ring's start: the chip writes the next frame there.
        protected override bool AimReceivesAt(ulong physical)
        {
            Out(Rbstart, 4, (uint)physical);
            return physical <= uint.MaxValue;
        }

        protected override int ApplyReceiveFilter(int filter)
        {
            _receiveConfig = ReceiveConfig
                | ((filter & EthFilter.Broadcast) != 0 ? RcrBroadcast : 0)
                | ((filter & (EthFilter.AllMulticast | EthFilter.Promiscuous)) != 0 ? RcrMulticast : 0)
                | ((filter & EthFilter.Promiscuous) != 0 ? RcrAll : 0);
            Out(Rcr, 4, _receiveConfig);
            return filter | EthFilter.Unicast;
        }

        protected override int ReceiveFrame(byte* into)
        {
            if ((In(Command, 1) & BufferEmpty) != 0)
                return 0;
            if (!ReceiveRing.ReadHeader(_dma, _receiveAt, out _, out int length))
            {
                // A damaged record: its length cannot be trusted to find
                // the next one. Start the receiver over on an empty ring.
                Out(Command, 1, TransmitterEnable);
                _receiveAt = 0;
                Out(Rbstart, 4, (uint)_dmaPhysical);
                Out(Rcr, 4, _receiveConfig);
                Out(Command, 1, ReceiverEnable | TransmitterEnable);
                Out(Capr, 2, ReceiveRing.CaprFor(0, RingBytes));
                return -1;
            }
            int frame = length - ReceiveRing.CrcBytes;
            ReceiveRing.Copy(_dma, RingBytes, _receiveAt + ReceiveRing.HeaderBytes, into, frame);
            _receiveAt = ReceiveRing.NextRecord(_receiveAt, length, RingBytes);
            Out(Capr, 2, ReceiveRing.CaprFor(_receiveAt, RingBytes));
            return frame;
        }
    }
}

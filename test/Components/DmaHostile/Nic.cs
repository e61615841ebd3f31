using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DmaHostile
{
    // The 82540EM as a hostile driver programs it (registers as in
    // src/Drivers/Net/E1000/E1000Driver.cs): eight-entry legacy receive
    // and transmit rings in its own DMA memory, used one descriptor at a
    // time, polled (no interrupt). A descriptor's buffer address is
    // whatever the caller says: its own buffers, or memory it does not own.
    // The PHY's loopback bit (MII control register, bit 14, written
    // through MDIC) sends each transmitted frame back to the receiver
    // instead of the wire: QEMU's e1000 honours it (e1000_send_packet).
    public sealed unsafe class Nic
    {
        private const int Ctrl = 0x0000, StatusRegister = 0x0008, Mdic = 0x0020;
        private const int Icr = 0x00C0, Imc = 0x00D8, Rctl = 0x0100, Tctl = 0x0400, Tipg = 0x0410;
        private const int Rdbal = 0x2800, Rdbah = 0x2804, Rdlen = 0x2808, Rdh = 0x2810, Rdt = 0x2818;
        private const int Tdbal = 0x3800, Tdbah = 0x3804, Tdlen = 0x3808, Tdh = 0x3810, Tdt = 0x3818;
        private const int Mta = 0x5200, Ral0 = 0x5400, Rah0 = 0x5404;

        private const uint CtrlSetLinkUp = 1u << 6, CtrlAutoSpeed = 1u << 5, CtrlReset = 1u << 26;
        private const uint CtrlLinkReset = 1u << 3, CtrlPhyReset = 1u << 31;
        // Receive: enabled; unicast, multicast promiscuous and broadcast
        // (a frame read from foreign memory starts with whatever bytes are
        // there, and must still come back); CRC stripped; 2 KiB buffers.
        private const uint ReceiveControl = 1u << 1 | 1u << 3 | 1u << 4 | 1u << 15 | 1u << 26;
        private const uint TransmitControl = 1u << 1 | 1u << 3 | 0x0Fu << 4 | 0x40u << 12;
        private const uint TipgCopper = 10 | 8 << 10 | 6 << 20;
        private const uint RahValid = 1u << 31;
        // MDIC: data 0..15, register 16..20, PHY address 21..25 (QEMU's PHY is 1),
        // opcode 26..27 (1 write, 2 read), ready 28, error 30.
        private const uint MdicWrite = 1u << 26, MdicRead = 2u << 26, MdicReady = 1u << 28, MdicError = 1u << 30;
        private const uint PhyAddress = 1u << 21;
        private const int PhyControl = 0;
        private const uint PhyLoopback = 1u << 14, PhyResetBits = 1u << 15 | 1u << 9;

        public const int Slots = 8, DescriptorBytes = 16;
        private const int LengthField = 8, CommandField = 11, StatusField = 12;
        private const byte DescriptorDone = 1 << 0;
        private const byte CommandEndOfPacket = 1 << 0, CommandInsertFcs = 1 << 1, CommandReportStatus = 1 << 3;

        private readonly Mmio _registers;
        private readonly byte* _receiveRing, _transmitRing;
        private readonly ulong _receiveRingPhysical, _transmitRingPhysical;
        private int _receiveNext, _transmitNext;

        // rings: 256 bytes of DMA memory (both rings) at address / physical.
        public Nic(Mmio registers, byte* rings, ulong ringsPhysical)
        {
            _registers = registers;
            _receiveRing = rings;
            _transmitRing = rings + Slots * DescriptorBytes;
            _receiveRingPhysical = ringsPhysical;
            _transmitRingPhysical = ringsPhysical + Slots * DescriptorBytes;
        }

        public ulong Mac { get; private set; }

        public bool LinkUp => (_registers.Read(StatusRegister) & 2) != 0;

        // Stops the chip (a predecessor's attack may still be set up),
        // resets it, programs empty rings and turns the receiver and
        // transmitter on. QEMU's e1000 refuses frames for a second of
        // guest time after RCTL is written (its flush timer): wait that out.
        public bool Start()
        {
            _registers.Write(Imc, 0xFFFFFFFF);
            _registers.Write(Rctl, 0);
            _registers.Write(Tctl, 0);
            _registers.Write(Ctrl, _registers.Read(Ctrl) | CtrlReset);
            for (int polls = 0; (_registers.Read(Ctrl) & CtrlReset) != 0; polls++)
            {
                if (polls > 100000)
                    return false;
            }
            _registers.Write(Imc, 0xFFFFFFFF);
            _registers.Read(Icr);
            _registers.Write(Ctrl, (_registers.Read(Ctrl) | CtrlSetLinkUp | CtrlAutoSpeed) & ~(CtrlLinkReset | CtrlPhyReset));
            Mac = _registers.Read(Ral0) | (ulong)(_registers.Read(Rah0) & 0xFFFF) << 32;
            if (Mac == 0)
                Mac = 0x56_34_12_00_54_52;   // QEMU's default 52:54:00:12:34:56
            _registers.Write(Ral0, (uint)Mac);
            _registers.Write(Rah0, (uint)(Mac >> 32) | RahValid);
            for (int i = 0; i < 128; i++)
                _registers.Write(Mta + 4 * i, 0);
            for (int i = 0; i < 2 * Slots * DescriptorBytes; i++)
                _receiveRing[i] = 0;
            _receiveNext = _transmitNext = 0;
            _registers.Write(Rdbal, (uint)_receiveRingPhysical);
            _registers.Write(Rdbah, (uint)(_receiveRingPhysical >> 32));
            _registers.Write(Rdlen, Slots * DescriptorBytes);
            _registers.Write(Rdh, 0);
            _registers.Write(Rdt, 0);   // head == tail: no descriptor is the chip's yet
            _registers.Write(Tdbal, (uint)_transmitRingPhysical);
            _registers.Write(Tdbah, (uint)(_transmitRingPhysical >> 32));
            _registers.Write(Tdlen, Slots * DescriptorBytes);
            _registers.Write(Tdh, 0);
            _registers.Write(Tdt, 0);
            _registers.Write(Tipg, TipgCopper);
            _registers.Write(Tctl, TransmitControl);
            _registers.Write(Rctl, ReceiveControl);
            Devices.Sleep(1200);
            return true;
        }

        // PHY loopback on or off: true when the PHY took the write.
        public bool Loopback(bool on)
        {
            if (!PhyRead(PhyControl, out uint control))
                return false;
            control &= ~PhyResetBits;   // self-clearing: a write would reset the PHY or restart autonegotiation
            control = on ? control | PhyLoopback : control & ~PhyLoopback;
            return PhyWrite(PhyControl, control) && PhyRead(PhyControl, out uint now) && (now & PhyLoopback) == (on ? PhyLoopback : 0);
        }

        private bool PhyRead(int register, out uint value)
        {
            _registers.Write(Mdic, MdicRead | PhyAddress | (uint)register << 16);
            uint mdic = WaitMdic();
            value = mdic & 0xFFFF;
            return (mdic & (MdicReady | MdicError)) == MdicReady;
        }

        private bool PhyWrite(int register, uint value)
        {
            _registers.Write(Mdic, MdicWrite | PhyAddress | (uint)register << 16 | (value & 0xFFFF));
            return (WaitMdic() & (MdicReady | MdicError)) == MdicReady;
        }

        private uint WaitMdic()
        {
            uint mdic = 0;
            for (int polls = 0; polls < 10000 && ((mdic = _registers.Read(Mdic)) & MdicReady) == 0; polls++)
            {
            }
            return mdic;
        }

        // Hands the chip one receive descriptor whose buffer is at physical:
        // the next frame the chip receives is written there.
        public void PostReceive(ulong physical)
        {
            byte* descriptor = _receiveRing + _receiveNext * DescriptorBytes;
            *(ulong*)descriptor = physical;
            *(ulong*)(descriptor + 8) = 0;   // length, checksum, status, errors, special
            _registers.Write(Rdt, (uint)((_receiveNext + 1) % Slots));
        }

        // Waits up to milliseconds for the posted receive descriptor: the
        // received length, or -1 when none came (the descriptor is then
        // left to the chip, and the next post follows it).
        public int WaitReceive(int milliseconds)
        {
            byte* descriptor = _receiveRing + _receiveNext * DescriptorBytes;
            if (!WaitDone(descriptor, milliseconds))
                return -1;
            int length = *(ushort*)(descriptor + LengthField);
            _receiveNext = (_receiveNext + 1) % Slots;
            return length;
        }

        // Has the chip read length bytes at physical and send them as one
        // frame; true once it says it has (descriptor done).
        public bool Transmit(ulong physical, int length, int milliseconds)
        {
            byte* descriptor = _transmitRing + _transmitNext * DescriptorBytes;
            *(ulong*)descriptor = physical;
            *(ulong*)(descriptor + 8) = 0;
            *(ushort*)(descriptor + LengthField) = (ushort)length;
            descriptor[CommandField] = CommandEndOfPacket | CommandInsertFcs | CommandReportStatus;
            _transmitNext = (_transmitNext + 1) % Slots;
            _registers.Write(Tdt, (uint)_transmitNext);
            return WaitDone(descriptor, milliseconds);
        }

        // The chip writes the status byte behind the compiler's back: a
        // call it cannot inline reads it afresh each time.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static byte Status(byte* descriptor) => descriptor[StatusField];

        private static bool WaitDone(byte* descriptor, int milliseconds)
        {
            for (int waited = 0; ; waited += 2)
            {
                if ((Status(descriptor) & DescriptorDone) != 0)
                    return true;
                if (waited >= milliseconds)
                    return false;
                Devices.Sleep(2);
            }
        }
    }
}

using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.TemplateNamespace
{
    // Minix3Template: an Ethernet driver over a software loopback device:
    // every frame its client sends comes back as received (so it runs on
    // any machine and shows the whole path). Clients speak the Ethernet
    // protocol (src/Lib/Ipc/EthernetMessages.cs); EthernetDriver owns the
    // message loop, the client, replies, the receive queue, statistics, the
    // link in DS, heartbeat pings from RS and injected faults, and calls
    // the hooks below. A real NIC replaces the "device" fields with its
    // registers and DMA memory; E1000 (memory BAR, descriptor rings) and
    // Rtl8139 (I/O BAR, receive ring) in src/Drivers/Net are the models.
    public sealed unsafe class Minix3TemplateDriver : EthernetDriver
    {
        // A locally administered address (bit 1 of the first byte): 02:00:00:00:00:01.
        private const ulong Address = 0x010000000002UL;
        private const int Slots = 4;

        // The "device": transmit buffers, and the frames it "received"
        // (the heap does not move objects, so a pointer into it stays good).
        private readonly byte[] _transmit = new byte[Slots * EthLimits.MaxFrame];
        private readonly int[] _lengths = new int[Slots];
        private int _next, _sent, _received;

        // A PCI NIC claims its device first and passes its interrupt line:
        //   PciClient.Claim(0x8086, 0x100e, 0, out PciDeviceReply nic);
        //   PciClient.Bar(nic.Address, 0, out PciBarReply bar);
        //   Devices.Map(bar.Base, bar.Size, out ulong registers);   // or ports: Devices.In/Out
        //   Devices.AllocateDma(bytes, out ulong address, out ulong physical);
        //   base("templatelabel", nic.Irq)
        // This one has no interrupt: the library's poll alarm drives it.
        private Minix3TemplateDriver() : base("templatelabel", PciDeviceReply.NoIrq)
        {
        }

        public static int Main()
        {
            new Minix3TemplateDriver().Run();
            return 0;
        }

        // How it started (fresh, or restarted by RS after a crash); the
        // library then resets the device (ResetDevice), logs its address
        // and link, and takes its interrupt line.
        protected override void Started(StartKind kind)
        {
            string how = kind == StartKind.Fresh ? "fresh start" : kind == StartKind.Restart ? "restarted" : "updated";
            Diagnostics.Print(string.Concat("templatelabel: ", how));
            base.Started(kind);
        }

        // Reset and program the device; a restarted driver does this too,
        // so nothing the crashed one left behind survives.
        protected override bool ResetDevice()
        {
            _next = _sent = _received = 0;
            return true;
        }

        protected override ulong MacAddress => Address;

        protected override bool LinkUp => true;

        protected override void AcknowledgeInterrupts()
        {
        }

        protected override byte* TransmitBuffer()
        {
            if (_next - _received == Slots)
                return null;
            fixed (byte* buffer = _transmit)
                return buffer + (_next % Slots) * EthLimits.MaxFrame;
        }

        protected override void StartTransmit(int length) => _lengths[_next++ % Slots] = length;

        // The loopback sends at once: the oldest frame handed over is done.
        protected override TransmitState TransmitDone()
        {
            if (_sent == _next)
                return TransmitState.Busy;
            _sent++;
            return TransmitState.Sent;
        }

        protected override int ReceiveFrame(byte* into)
        {
            if (_received == _sent)
                return 0;
            int slot = _received++ % Slots, length = _lengths[slot];
            fixed (byte* buffer = _transmit)
            {
                for (int i = 0; i < length; i++)
                    into[i] = buffer[slot * EthLimits.MaxFrame + i];
            }
            return length;
        }
    }
}

using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PciProbe
{
    // Claims 8086:7010 (the IDE controller), reads a bus-master port pci
    // gave it, checks the configuration rules; instance 1 also reads the
    // disk's first 8 sectors by bus-master DMA into DMA memory (the bytes
    // land where the physical address vm answered says) and asks for more
    // DMA memory than its quota allows; then pcirogue and pcitwin try the
    // device while it holds it, and it panics. Instance 2 (RS's restart)
    // claims the device again, has RS restart pci (which takes its holders
    // back from DS) and has pcitwin try once more.
    public static unsafe class Program
    {
        private const ushort AtaData = 0x1F0, AtaCount = 0x1F2, AtaLba0 = 0x1F3, AtaDrive = 0x1F6, AtaStatus = 0x1F7;
        public const int Sectors = 8;

        public static int Main()
        {
            Checks.Component = "pciprobe";
            Lifecycle.Start("pciprobe");
            long instance = Lifecycle.Instance;
            int status = PciClient.Claim(0x8086, 0x7010, 0, out PciDeviceReply ide);
            if (!Checks.Status(instance == 1 ? "claim of 8086:7010" : "claim of 8086:7010 by the restarted instance", status, Status.Ok))
                Process.Panic("no device");
            Diagnostics.Print(string.Concat("pciprobe: instance ", instance.ToString(), " holds ", ide.Vendor.ToString("x4"), ":", ide.Device.ToString("x4"),
                " at address 0x", ide.Address.ToString("x"), ", bars 0x", ide.BarMask.ToString("x"), ", class ", ide.Class.ToString("x6")));
            status = PciClient.Bar(ide.Address, 4, out PciBarReply bar);
            Checks.That("bar4 is an i/o bar", status == Status.Ok && bar.Kind == PciBarKind.Io && bar.Size >= 8, "status " + status.ToString());
            Diagnostics.Print(string.Concat("pciprobe: bar4 io 0x", bar.Base.ToString("x"), "/0x", bar.Size.ToString("x")));
            ushort busMaster = (ushort)bar.Base;
            status = Devices.In((ushort)(busMaster + 2), 1, out uint bmStatus);
            Checks.Status("devio on its bar4 port 0x" + (busMaster + 2).ToString("x"), status, Status.Ok);
            status = Devices.In((ushort)(busMaster + bar.Size), 1, out _);
            Checks.Status("devio just past its bar4", status, Status.NotAllowed);
            status = PciClient.ConfigRead(ide.Address, 0x04, 2, out uint command);
            Checks.That("pci enabled i/o decoding and bus mastering", status == Status.Ok && (command & 5) == 5, "command 0x" + command.ToString("x"));
            status = PciClient.ConfigRead(ide.Address, 0x00, 4, out uint id);
            Checks.That("config read of its identity", status == Status.Ok && id == 0x7010_8086, "0x" + id.ToString("x"));
            Checks.Status("config write of its bar4 is pci's", PciClient.ConfigWrite(ide.Address, 0x20, 4, 0x1000), PciStatus.ReadOnly);
            Checks.Status("config read past 256 bytes", PciClient.ConfigRead(ide.Address, 0xFE, 4, out _), Status.BadArgument);
            Checks.Status("config read of width 3", PciClient.ConfigRead(ide.Address, 0x04, 3, out _), Status.BadArgument);
            Checks.Status("config write of its latency timer", PciClient.ConfigWrite(ide.Address, 0x0D, 1, 0x40), Status.Ok);
            Checks.Status("bar of index 6", PciClient.Bar(ide.Address, 6, out _), Status.BadArgument);
            Checks.Status("bar5 is not implemented", PciClient.Bar(ide.Address, 5, out _), PciStatus.NoDevice);
            Checks.Status("its claim again", PciClient.Claim(0x8086, 0x7010, 0, out _), Status.Ok);
            if (instance == 1)
            {
                DmaRead(busMaster);
                Checks.Status("dma memory past its quota", Devices.AllocateDma((ulong)VmLimits.MaxDma, out _, out _), Status.NoMemory);
                Checks.Status("dma memory not a page multiple", Devices.AllocateDma(100, out _, out _), Status.BadArgument);
                Tell("pcirogue", ide.Address, busMaster);
                Tell("pcitwin", ide.Address, busMaster);
                Diagnostics.Print("pciprobe: instance 1 done");
                Process.Panic("first instance ends on purpose");
            }
            RefreshPci();
            Checks.Status("config read through the restarted pci", PciClient.ConfigRead(ide.Address, 0x00, 4, out _), Status.Ok);
            Tell("pcitwin", ide.Address, busMaster);
            Diagnostics.Print(string.Concat("pciprobe: instance ", instance.ToString(), " done"));
            Message message;
            while (true)
                Ipc.Receive(Endpoint.Any, &message);
        }

        // Has RS end pci and start it afresh, and waits for the new one: it
        // must know from DS that this driver holds the device.
        private static void RefreshPci()
        {
            Endpoint old = Endpoints.Lookup(PciClient.Label);
            Message message = default;
            message.Type = RsRequest.Refresh;
            RsMessage.SetLabel(&message, PciClient.Label);
            int status = Ipc.SendRec(Endpoints.Lookup("rs"), &message);
            Checks.Status("rs refreshes pci", status == Status.Ok ? message.Type : status, Status.Ok);
            Endpoint now = old;
            for (int wait = 0; wait < 500 && (now == old || now == Endpoint.None); wait++)
            {
                Devices.Sleep(10);
                now = Endpoints.Lookup(PciClient.Label);
            }
            Checks.That("a new pci runs", now != old && now != Endpoint.None, "endpoint " + now.Value.ToString());
        }

        // "try my device", and wait for the answer.
        private static void Tell(string label, int address, ushort port)
        {
            Endpoint to = Endpoints.Lookup(label);
            Message message = default;
            message.Type = PciTestMessage.Try;
            PciTestMessage.Of(&message)->Address = address;
            PciTestMessage.Of(&message)->Port = port;
            Checks.Status("asks " + label + " to try the device", Ipc.SendRec(to, &message), Status.Ok);
        }

        // READ DMA of the first Sectors sectors into DMA memory: the
        // controller writes them at the physical address vm answered, so
        // the bytes the probe then reads through its own mapping are the
        // disk's only if that address backs the mapping. The buffer is
        // filled with 0xEE first: no transfer, no match.
        private static void DmaRead(ushort busMaster)
        {
            int status = Devices.AllocateDma(0x2000, out ulong address, out ulong physical);
            if (!Checks.Status("dma memory of 8 KiB", status, Status.Ok))
                return;
            Diagnostics.Print(string.Concat("pciprobe: dma memory at 0x", address.ToString("x"), ", physical 0x", physical.ToString("x")));
            Checks.That("dma memory is below 4 GiB and page aligned", physical != 0 && physical + 0x2000 <= 0x1_0000_0000UL && (physical & 0xFFF) == 0,
                "0x" + physical.ToString("x"));
            byte* buffer = (byte*)address;
            for (int i = 0; i < Sectors * 512; i++)
                buffer[i] = 0xEE;
            uint* prd = (uint*)(buffer + 0x1000);   // one entry: the whole 4 KiB, end of table
            prd[0] = (uint)physical;
            prd[1] = Sectors * 512 | 0x8000_0000u;
            Devices.Out(busMaster, 1, 0);
            Devices.Out((ushort)(busMaster + 4), 4, (uint)(physical + 0x1000));
            Devices.Out((ushort)(busMaster + 2), 1, 0x06);      // clear interrupt and error
            Devices.Out(busMaster, 1, 0x08);                    // direction: into memory
            Devices.Out(AtaDrive, 1, 0xE0);                     // master, LBA 0
            WaitReady();
            Devices.Out(AtaCount, 1, Sectors);
            Devices.Out(AtaLba0, 1, 0);
            Devices.Out((ushort)(AtaLba0 + 1), 1, 0);
            Devices.Out((ushort)(AtaLba0 + 2), 1, 0);
            Devices.Out(AtaStatus, 1, 0xC8);                    // READ DMA
            Devices.Out(busMaster, 1, 0x09);                    // start
            uint bm = 0;
            for (int wait = 0; wait < 2000; wait++)
            {
                Devices.In((ushort)(busMaster + 2), 1, out bm);
                if ((bm & 4) != 0 || (bm & 1) == 0)
                    break;
                Devices.Sleep(1);
            }
            Devices.Out(busMaster, 1, 0);
            Devices.In(AtaStatus, 1, out uint ata);
            int wrong = -1;
            for (int i = 0; i < Sectors * 512 && wrong < 0; i++)
            {
                if (buffer[i] != Pattern(i))
                    wrong = i;
            }
            Checks.That("bus-master dma read the disk into the physical address vm answered", wrong < 0 && (bm & 2) == 0,
                string.Concat("bus master status 0x", bm.ToString("x"), ", ata status 0x", ata.ToString("x"), ", first wrong byte ", wrong.ToString(),
                    wrong >= 0 ? " = 0x" + buffer[wrong].ToString("x2") : ""));
        }

        private static void WaitReady()
        {
            for (int i = 0; i < 100000; i++)
            {
                Devices.In(AtaStatus, 1, out uint value);
                if ((value & 0x80) == 0)
                    return;
            }
        }

        // What test/Boot/PciTests.cs writes to the disk's first sectors.
        public static byte Pattern(int i) => (byte)(i * 31 + 7 + (i >> 9));
    }
}

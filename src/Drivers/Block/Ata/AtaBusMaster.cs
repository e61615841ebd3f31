using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Block.Ata
{
    // The IDE controller's bus-master DMA engine for the primary channel
    // (PIIX/PIIX3 function 1, class 01:01; QEMU's pc and its piix3-ide on
    // q35): the controller, not the CPU, moves a command's sectors between
    // the drive and DMA memory, so a 64 KiB read costs a few dozen port
    // accesses instead of one per double word (each a trap to QEMU).
    //
    // The device comes from pci (the policy's `pci` line): its BAR 4 holds
    // the bus-master registers, which pci adds to this driver's ports, and
    // pci turns on bus mastering. The DMA memory is allocated only after the
    // claim, since it is mapped into that device's IOMMU domain: one page
    // of PRD table, then the data buffer. Stateless across restarts: Open
    // stops the engine a killed predecessor may have left running.
    //
    // Completion is polled (bus-master status, active bit): the driver
    // runs the drive with interrupts off (nIEN), and under `-icount
    // sleep=off` a halted CPU waiting for IRQ 14 would let QEMU jump the
    // clock to the next timer, a whole tick per request.
    public sealed unsafe class AtaBusMaster
    {
        public const int BufferBytes = AtaChannel.MaxSectors * AtaChannel.SectorSize;
        private const int TableBytes = 4096;
        private const int TableEntries = TableBytes / PrdTable.EntryBytes;

        // Primary channel's registers at BAR 4 + 0 (the secondary's at + 8).
        private const int CommandOffset = 0, StatusOffset = 2, TableOffset = 4;
        private const byte Start = 0x01, ToMemory = 0x08;           // command: start/stop, direction (device to memory)
        private const byte Active = 0x01, Error = 0x02, Interrupt = 0x04;   // status; Error and Interrupt clear by writing 1
        private const int PollLimit = 1_000_000;

        private readonly ushort _base;
        private readonly byte* _table;
        private readonly ulong _tablePhysical, _bufferPhysical;

        // Where the data goes to or comes from: BufferBytes of DMA memory.
        public byte* Buffer { get; }

        // The controller's PCI address as "bb:dd.f" for the log.
        public string Where { get; }

        private AtaBusMaster(ushort ioBase, byte* memory, ulong physical, string where)
        {
            _base = ioBase;
            _table = memory;
            _tablePhysical = physical;
            Buffer = memory + TableBytes;
            _bufferPhysical = physical + TableBytes;
            Where = where;
        }

        // Claims the controller, finds its bus-master registers, allocates
        // the DMA memory and stops the engine. Null with `why` when there is
        // none to use, and the driver stays with polled PIO.
        public static AtaBusMaster? Open(out string why)
        {
            if (Endpoints.Lookup(PciClient.Label) == Endpoint.None)
            {
                why = "no pci server";
                return null;
            }
            // 0:0: the first device the policy's `pci` lines name.
            int status = PciClient.Claim(0, 0, 0, out PciDeviceReply controller);
            if (status != Status.Ok)
            {
                why = status == PciStatus.NoDevice || status == PciStatus.NotInPolicy ? "no bus-master controller"
                    : string.Concat("pci refused the controller: ", status.ToString());
                return null;
            }
            status = PciClient.Bar(controller.Address, 4, out PciBarReply bar);
            if (status != Status.Ok || bar.Kind != PciBarKind.Io || bar.Base == 0 || bar.Size < 8 || bar.Base + 8 > 0x10000)
            {
                why = "the controller's BAR 4 holds no bus-master ports";
                return null;
            }
            status = Devices.AllocateDma(TableBytes + BufferBytes, out ulong memory, out ulong physical);
            if (status != Status.Ok)
            {
                why = string.Concat("no DMA memory: ", status.ToString());
                return null;
            }
            if (physical + TableBytes + BufferBytes > 0x1_0000_0000UL)
            {
                why = "DMA memory above 4 GiB";
                return null;
            }
            string where = string.Concat(PciAddress.Bus(controller.Address).ToString("x2"), ":",
                PciAddress.Device(controller.Address).ToString("x2"), ".", PciAddress.Function(controller.Address).ToString());
            var engine = new AtaBusMaster((ushort)bar.Base, (byte*)memory, physical, where);
            engine.Stop();
            why = "";
            return engine;
        }

        // Moves `count` sectors at `lba` between the drive and Buffer with
        // one DMA command; a Status. Any failure (the controller's error
        // bit, the drive's ERR or DF, a timeout) stops the engine and is
        // IoError, which the driver answers by trying PIO once.
        public int Transfer(AtaChannel channel, long lba, int count, bool write)
        {
            int bytes = count * AtaChannel.SectorSize;
            if (count < 1 || count > AtaChannel.MaxSectors || PrdTable.Build(_table, TableEntries, _bufferPhysical, bytes) == 0)
                return Status.BadArgument;
            Stop();
            Devices.Out((ushort)(_base + TableOffset), 4, (uint)_tablePhysical);
            byte direction = write ? (byte)0 : ToMemory;
            Devices.Out((ushort)(_base + CommandOffset), 1, direction);
            int status = channel.StartDma(lba, count, write);
            if (status != Status.Ok)
                return status;
            Devices.Out((ushort)(_base + CommandOffset), 1, (byte)(direction | Start));
            byte state = 0;
            int polls = 0;
            long started = Process.TimeStampCounter();
            while (polls++ < PollLimit)
            {
                state = Register(StatusOffset);
                if ((state & Active) == 0)
                    break;
            }
            CountWait(Process.TimeStampCounter() - started);
            Stop();
            if ((state & (Active | Error)) != 0)
                return DriverStatus.IoError;
            return channel.FinishDma();
        }

        // How long the driver waits for the controller, said every
        // WaitReport commands: under QEMU this is the host's time to do the
        // transfer (which the guest sees as polls), the part of a read that
        // is the emulator's, not the system's (bench -- iommu).
        private const int WaitReport = 1024;
        private long _commands, _waited;

        private void CountWait(long tsc)
        {
            _waited += tsc;
            if (++_commands % WaitReport == 0)
                Diagnostics.Print(string.Concat("ata: ", _commands.ToString(), " DMA commands, ", _waited.ToString(), " tsc waiting for the controller"));
        }

        // Clears the start bit (which also ends a transfer in flight: a
        // killed predecessor's, or a failed one) and the sticky status bits.
        public void Stop()
        {
            Devices.Out((ushort)(_base + CommandOffset), 1, 0);
            Devices.Out((ushort)(_base + StatusOffset), 1, (uint)(Register(StatusOffset) | Error | Interrupt));
        }

        private byte Register(int offset) =>
            Devices.In((ushort)(_base + offset), 1, out uint value) == Status.Ok ? (byte)value : (byte)0xFF;
    }
}

using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.TemplateNamespace
{
    // Minix3Template: a block driver. Minor 0 is a disk of DiskSize bytes
    // in BlockSize-byte blocks, held in the driver's own heap; replace the
    // copies in Transfer by the device's commands to drive real hardware.
    // Clients (a file server, test clients) send the driver protocol
    // (src/Lib/Ipc/DriverProtocol.cs); BlockDriver owns the message loop,
    // the replies, heartbeat pings from RS and injected faults, and checks
    // every transfer against Geometry (inside the device, whole blocks)
    // before Transfer sees it. It may do only what Minix3Template.policy
    // lists.
    //
    // Block drivers keep no state worth saving: the block cache lives in
    // the file server, which repeats a request the driver died on. So a
    // restarted instance starts empty here, as a restarted RAM disk must;
    // a disk driver finds its data on the disk.
    public sealed unsafe class Minix3TemplateDriver : BlockDriver
    {
        private const long DiskSize = 256 << 10;
        private const int BlockSize = 512;
        private readonly byte[] _disk = new byte[DiskSize];

        public static int Main()
        {
            new Minix3TemplateDriver().Run();
            return 0;
        }

        // Naming the label turns on the start-up layer (fresh start,
        // restart or live update) and gives the driver a State store; it
        // must be the policy's label and the AssemblyName.
        protected override string? Label => "templatelabel";

        // Runs once, before the first request: probe and reset the device
        // here.
        protected override void Started(StartKind kind)
        {
            string how = kind == StartKind.Fresh ? "fresh start" : kind == StartKind.Restart ? "restarted" : "updated";
            Diagnostics.Print(string.Concat("templatelabel: ", how, ", ", (DiskSize >> 10).ToString(), " KiB in ", BlockSize.ToString(), "-byte blocks"));
        }

        // The size of each minor device; false: no such device (the
        // library then answers NoSuchDevice, and Open refuses it).
        protected override bool Geometry(int minor, out long size, out int blockSize)
        {
            size = DiskSize;
            blockSize = BlockSize;
            return minor == 0;
        }

        // `buffer.Length` bytes at `position`, already checked to lie on
        // block boundaries inside the device. Returns the bytes moved or a
        // Status. Other hooks (Open, Close, Ioctl, Interrupt, Alarm,
        // PrepareUpdate) have safe defaults in BlockDriver and DriverLoop.
        protected override int Transfer(int minor, long position, GrantedBuffer buffer, bool write)
        {
            fixed (byte* disk = _disk)
            {
                // Through the client's grant: the only way a driver reaches
                // a client's memory.
                int status = write
                    ? buffer.CopyFromClient(0, disk + position, buffer.Length)
                    : buffer.CopyToClient(0, disk + position, buffer.Length);
                return status < 0 ? status : buffer.Length;
            }
        }
    }
}

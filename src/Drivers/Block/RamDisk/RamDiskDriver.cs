using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Drivers.Block.RamDisk
{
    // A RAM disk: one block device (minor 0) of Size bytes in 512-byte
    // blocks, held in the driver's own heap. Clients (the file server)
    // send the driver protocol; the library checks positions and lengths
    // against the geometry before Transfer runs.
    public sealed unsafe class RamDiskDriver : BlockDriver
    {
        private const long Size = 1 << 20;
        private const int BlockSize = 512;
        private readonly byte[] _disk = new byte[Size];

        public static int Main()
        {
            new RamDiskDriver().Run();
            return 0;
        }

        protected override bool Geometry(int minor, out long size, out int blockSize)
        {
            size = Size;
            blockSize = BlockSize;
            return minor == 0;
        }

        protected override int Transfer(int minor, long position, GrantedBuffer buffer, bool write)
        {
            fixed (byte* disk = _disk)
            {
                int status = write
                    ? buffer.CopyFromClient(0, disk + position, buffer.Length)
                    : buffer.CopyToClient(0, disk + position, buffer.Length);
                return status < 0 ? status : buffer.Length;
            }
        }
    }
}

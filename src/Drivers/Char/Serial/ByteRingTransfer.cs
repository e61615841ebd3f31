using Minix3.Cosmos.Lib.Driver;

namespace Minix3.Cosmos.Drivers.Char
{
    // Moves buffered input into a reader's grant, a chunk at a time. Bytes
    // leave the ring only after their copy succeeded, so a failing grant
    // costs the reader an error, never input. Kept apart from ByteRing so
    // the ring itself stays free of kernel calls (host unit tests link it).
    internal static unsafe class ByteRingTransfer
    {
        private const int Chunk = 256;

        // Bytes delivered; a copy error when nothing could be delivered.
        public static int MoveTo(this ByteRing ring, GrantedBuffer buffer)
        {
            byte* chunk = stackalloc byte[Chunk];
            int done = 0;
            while (done < buffer.Length && ring.Count > 0)
            {
                int wanted = buffer.Length - done < Chunk ? buffer.Length - done : Chunk;
                int taken = ring.Peek(chunk, wanted);
                int status = buffer.CopyToClient(done, chunk, taken);
                if (status < 0)
                    return done > 0 ? done : status;
                ring.Discard(taken);
                done += taken;
            }
            return done;
        }
    }
}

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // Entries FS packed for an open directory that its reader has not taken
    // yet: a user reads one entry per call, and asking FS for one at a time
    // made it pack (and parse from the disk) a room's worth each time, to
    // throw all but one away. Like a C library's readdir buffer, entries
    // added or removed after the batch was read show on the next batch.
    public sealed class DirectoryBatch
    {
        public DirectoryBatch(byte[] bytes, int count, long first)
        {
            Bytes = bytes;
            Left = count;
            Next = first;
        }

        public byte[] Bytes { get; }
        public int Offset { get; set; }      // the next entry's header
        public int Left { get; set; }        // entries not taken yet
        public long Next { get; set; }       // the directory index of the next entry
    }
}

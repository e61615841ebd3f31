using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // What a lookup finds: the inode-like view of one directory entry (stat
    // data plus where the entry lives on disk, so size and first-cluster
    // changes can be written back). Two lookups of the same path give two
    // nodes: the file server keeps one per open file and must not mix them
    // across a rename or unlink of the same file.
    public sealed class FatNode
    {
        public const byte AttrReadOnly = 0x01;
        public const byte AttrHidden = 0x02;
        public const byte AttrSystem = 0x04;
        public const byte AttrVolume = 0x08;
        public const byte AttrDirectory = 0x10;
        public const byte AttrArchive = 0x20;

        internal FatNode(string name, byte attributes, uint firstCluster, long size)
        {
            Name = name;
            Attributes = attributes;
            FirstCluster = firstCluster;
            Size = size;
        }

        // The long name when the entry has a valid one, else the 8.3 name.
        public string Name { get; internal set; }

        // The 8.3 name as shown ("README.TXT", "LONGFI~1.TXT").
        public string ShortName { get; internal set; } = "";

        public byte Attributes { get; internal set; }
        public uint FirstCluster { get; internal set; }
        public long Size { get; internal set; }
        public bool IsDirectory => (Attributes & AttrDirectory) != 0;
        public bool IsRoot { get; internal set; }

        // Position (sector * 512 + byte offset) of the short entry, and of every
        // slot the entry occupies, long-name slots first; empty for the root.
        internal long EntryPosition = -1;
        internal List<long> Slots = new List<long>();
        internal byte[] RawShortName = new byte[11];
        internal uint ParentCluster;

        // Which 32-byte slot of its directory (counting from the first slot
        // of the first cluster) holds the short entry; -1 for the root.
        internal int SlotOrdinal = -1;
    }
}

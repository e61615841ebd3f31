using System;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // A pipe's bytes: a bounded ring in VFS's memory, with the number of
    // open read and write ends (open-file descriptions, not descriptors).
    public sealed class PipeBuffer
    {
        private readonly byte[] _ring;
        private int _head;     // next byte to read

        public PipeBuffer(int capacity = VfsLimits.PipeCapacity)
        {
            _ring = new byte[capacity];
        }

        public int Capacity => _ring.Length;
        public int Count { get; private set; }
        public int Space => _ring.Length - Count;
        public int Readers { get; set; }
        public int Writers { get; set; }
        // Both ends are gone and the pipe no longer counts as open.
        public bool Retired { get; set; }

        // Copies up to destination.Length bytes from the front without
        // taking them (so a failed copy to the user loses nothing).
        public int Peek(Span<byte> destination)
        {
            int n = destination.Length < Count ? destination.Length : Count;
            // At most two runs: to the end of the ring, then from its start.
            int first = n < _ring.Length - _head ? n : _ring.Length - _head;
            new ReadOnlySpan<byte>(_ring, _head, first).CopyTo(destination);
            new ReadOnlySpan<byte>(_ring, 0, n - first).CopyTo(destination.Slice(first));
            return n;
        }

        public void Consume(int n)
        {
            if (n > Count)
                n = Count;
            _head = (_head + n) % _ring.Length;
            Count -= n;
        }

        // Appends as much of source as fits; the number of bytes taken.
        public int Write(ReadOnlySpan<byte> source)
        {
            int n = source.Length < Space ? source.Length : Space;
            int tail = (_head + Count) % _ring.Length;
            int first = n < _ring.Length - tail ? n : _ring.Length - tail;
            source.Slice(0, first).CopyTo(new Span<byte>(_ring, tail, first));
            source.Slice(first, n - first).CopyTo(new Span<byte>(_ring, 0, n - first));
            Count += n;
            return n;
        }
    }
}

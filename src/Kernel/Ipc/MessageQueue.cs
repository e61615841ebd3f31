// A process's bounded queue of messages sent with SendAsync while it was not
// receiving. The storage is allocated once with the process slot. When it is
// full the sender is told (WouldBlock) and nothing is stored: the kernel never
// drops a message it has accepted. (The kernel's own messages do not use this
// queue: defect reports are held in the ended process's slot, IpcEngine.Defects.)
//
// Ring buffer: entries [0, Count) are slots (head + i) % Capacity, oldest
// first.
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

internal sealed class MessageQueue
{
    public const int Capacity = 8;

    private readonly Message[] entries = new Message[Capacity];
    private int head;
    private int count;

    public int Count => count;

    /// <summary>Entry i, 0 = oldest; i &lt; Count.</summary>
    public ref Message At(int i) => ref entries[(head + i) % Capacity];

    /// <summary>Appends at the tail; false (and nothing stored) when the queue is full.</summary>
    public bool Enqueue(in Message message)
    {
        if (count >= Capacity)
            return false;
        entries[(head + count) % Capacity] = message;
        count++;
        return true;
    }

    /// <summary>The oldest entry from <paramref name="source"/> (any source for Endpoint.Any), or -1.</summary>
    public int Find(Endpoint source)
    {
        for (int i = 0; i < count; i++)
        {
            if (source.IsAny || At(i).Source == source.Value)
                return i;
        }
        return -1;
    }

    /// <summary>Removes entry i, keeping the others in order.</summary>
    public void RemoveAt(int i)
    {
        for (int j = i; j > 0; j--)
            At(j) = At(j - 1);
        entries[head] = default;
        head = (head + 1) % Capacity;
        count--;
    }

    public void Clear()
    {
        for (int i = 0; i < Capacity; i++)
            entries[i] = default;
        head = count = 0;
    }
}

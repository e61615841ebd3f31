using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // SendAsync that survives a full queue. The kernel keeps at most
    // MessageQueue.Capacity async messages per receiver, from all senders
    // together; a busy receiver's queue fills (inet, taking an Ethernet
    // driver's frame replies and VFS's socket calls during a transfer) and
    // SendAsync answers WouldBlock without taking the message. A server
    // that never blocks on its peers cannot wait there, and dropping the
    // message loses a reply (a client waits for ever) or a request. So the
    // message waits here, in order per destination, and the owner calls
    // Flush whenever it receives anything and, while Count > 0, from a
    // short alarm (RetryMs). A destination that died drops its messages.
    public sealed unsafe class AsyncOutbox
    {
        public const int RetryMs = 10;

        private struct Waiting
        {
            public int Destination;
            public Message Message;
        }

        private readonly int _capacity;
        private readonly Queue<Waiting> _waiting = new Queue<Waiting>();
        private readonly List<int> _full = new List<int>();
        // How many messages wait per destination (Queue has no enumerator here).
        private readonly Dictionary<int, int> _held = new Dictionary<int, int>();

        public AsyncOutbox(int capacity) => _capacity = capacity;

        public int Count => _waiting.Count;

        // Ok when sent or kept for later; the kernel's status otherwise
        // (DeadEndpoint, NotAllowed...), or WouldBlock when the outbox
        // itself is full.
        public int Send(Endpoint destination, Message* message)
        {
            if (!Holds(destination.Value))
            {
                int status = Ipc.SendAsync(destination, message);
                if (status != Status.WouldBlock)
                    return status;
            }
            if (_waiting.Count >= _capacity)
                return Status.WouldBlock;
            _waiting.Enqueue(new Waiting { Destination = destination.Value, Message = *message });
            _held[destination.Value] = (_held.TryGetValue(destination.Value, out int held) ? held : 0) + 1;
            return Status.Ok;
        }

        // Sends what waits, oldest first; a destination still full keeps
        // its later messages behind the first that did not go. Count says
        // what is left.
        public void Flush()
        {
            int count = _waiting.Count;
            if (count == 0)
                return;
            _full.Clear();
            for (int i = 0; i < count; i++)
            {
                Waiting waiting = _waiting.Dequeue();
                if (_full.Contains(waiting.Destination))
                {
                    _waiting.Enqueue(waiting);
                    continue;
                }
                if (Ipc.SendAsync(new Endpoint(waiting.Destination), &waiting.Message) == Status.WouldBlock)
                {
                    _full.Add(waiting.Destination);
                    _waiting.Enqueue(waiting);
                    continue;
                }
                int left = _held[waiting.Destination] - 1;
                if (left == 0)
                    _held.Remove(waiting.Destination);
                else
                    _held[waiting.Destination] = left;
            }
        }

        private bool Holds(int destination) => _held.ContainsKey(destination);
    }
}

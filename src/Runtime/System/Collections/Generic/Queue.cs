namespace System.Collections.Generic
{
    // A first-in first-out ring buffer that grows by doubling.
    public class Queue<T>
    {
        private T[] _items = new T[4];
        private int _head;
        private int _count;

        public int Count => _count;

        public void Enqueue(T item)
        {
            if (_count == _items.Length)
                Grow();
            _items[(_head + _count) % _items.Length] = item;
            _count++;
        }

        public T Dequeue()
        {
            if (!TryDequeue(out T item))
                throw new InvalidOperationException("Queue empty.");
            return item;
        }

        public bool TryDequeue(out T item)
        {
            if (_count == 0)
            {
                item = default!;
                return false;
            }
            item = _items[_head];
            _items[_head] = default!;
            _head = (_head + 1) % _items.Length;
            _count--;
            return true;
        }

        public T Peek()
        {
            if (_count == 0)
                throw new InvalidOperationException("Queue empty.");
            return _items[_head];
        }

        public void Clear()
        {
            while (_count > 0)
                TryDequeue(out _);
            _head = 0;
        }

        private void Grow()
        {
            var items = new T[_items.Length * 2];
            for (int i = 0; i < _count; i++)
                items[i] = _items[(_head + i) % _items.Length];
            _items = items;
            _head = 0;
        }
    }
}

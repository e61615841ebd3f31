namespace System.Collections.Generic
{
    // A growable array. Indexes are checked; the enumerator is a struct (no
    // allocation for foreach) and does not detect concurrent modification.
    public class List<T> : IEnumerable<T>
    {
        private T[] _items;
        private int _count;

        public List() { _items = new T[4]; }

        public List(int capacity)
        {
            if (capacity < 0)
                throw new ArgumentOutOfRangeException();
            _items = new T[capacity == 0 ? 4 : capacity];
        }

        public int Count => _count;
        public int Capacity => _items.Length;

        public T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_count)
                    throw new ArgumentOutOfRangeException();
                return _items[index];
            }
            set
            {
                if ((uint)index >= (uint)_count)
                    throw new ArgumentOutOfRangeException();
                _items[index] = value;
            }
        }

        public void Add(T item)
        {
            if (_count == _items.Length)
                Grow(_count + 1);
            _items[_count++] = item;
        }

        public void AddRange(ReadOnlySpan<T> items)
        {
            for (int i = 0; i < items.Length; i++)
                Add(items[i]);
        }

        public void Insert(int index, T item)
        {
            if ((uint)index > (uint)_count)
                throw new ArgumentOutOfRangeException();
            if (_count == _items.Length)
                Grow(_count + 1);
            for (int i = _count; i > index; i--)
                _items[i] = _items[i - 1];
            _items[index] = item;
            _count++;
        }

        public void RemoveAt(int index)
        {
            if ((uint)index >= (uint)_count)
                throw new ArgumentOutOfRangeException();
            _count--;
            for (int i = index; i < _count; i++)
                _items[i] = _items[i + 1];
            _items[_count] = default!;
        }

        public bool Remove(T item)
        {
            int index = IndexOf(item);
            if (index < 0)
                return false;
            RemoveAt(index);
            return true;
        }

        public int IndexOf(T item)
        {
            for (int i = 0; i < _count; i++)
            {
                if (EqualityComparer<T>.Default.Equals(_items[i], item))
                    return i;
            }
            return -1;
        }

        public bool Contains(T item) => IndexOf(item) >= 0;

        public void Clear()
        {
            for (int i = 0; i < _count; i++)
                _items[i] = default!;
            _count = 0;
        }

        public T[] ToArray() => new ReadOnlySpan<T>(_items, 0, _count).ToArray();

        public Span<T> AsSpan() => new Span<T>(_items, 0, _count);

        // Insertion sort for small lists, else heap sort: in place, no
        // allocation, O(n log n) worst case.
        public void Sort(Comparison<T> comparison)
        {
            if (_count < 16)
            {
                for (int i = 1; i < _count; i++)
                {
                    T item = _items[i];
                    int j = i - 1;
                    for (; j >= 0 && comparison(_items[j], item) > 0; j--)
                        _items[j + 1] = _items[j];
                    _items[j + 1] = item;
                }
                return;
            }
            for (int start = _count / 2 - 1; start >= 0; start--)
                SiftDown(start, _count, comparison);
            for (int end = _count - 1; end > 0; end--)
            {
                Swap(0, end);
                SiftDown(0, end, comparison);
            }
        }

        private void SiftDown(int root, int end, Comparison<T> comparison)
        {
            while (true)
            {
                int child = 2 * root + 1;
                if (child >= end)
                    return;
                if (child + 1 < end && comparison(_items[child], _items[child + 1]) < 0)
                    child++;
                if (comparison(_items[root], _items[child]) >= 0)
                    return;
                Swap(root, child);
                root = child;
            }
        }

        private void Swap(int a, int b)
        {
            T item = _items[a];
            _items[a] = _items[b];
            _items[b] = item;
        }

        private void Grow(int needed)
        {
            int capacity = _items.Length * 2;
            if (capacity < needed)
                capacity = needed;
            T[] items = new T[capacity];
            for (int i = 0; i < _count; i++)
                items[i] = _items[i];
            _items = items;
        }

        public Enumerator GetEnumerator() => new Enumerator(this);

        // Through the interfaces (collection initializers, IEnumerable<T>
        // consumers) the struct enumerator is boxed.
        IEnumerator<T> IEnumerable<T>.GetEnumerator() => new Enumerator(this);

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => new Enumerator(this);

        public struct Enumerator : IEnumerator<T>
        {
            private readonly List<T> _list;
            private int _index;

            internal Enumerator(List<T> list)
            {
                _list = list;
                _index = -1;
            }

            public bool MoveNext() => ++_index < _list._count;
            public T Current => _list._items[_index];
            object? System.Collections.IEnumerator.Current => Current;
            public void Reset() => _index = -1;
            public void Dispose() { }
        }
    }
}

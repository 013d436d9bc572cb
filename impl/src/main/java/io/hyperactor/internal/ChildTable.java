package io.hyperactor.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The linked children of one cell, by pid, and the weak reference to that cell which every child
 * holds as its parent link.
 *
 * <p>An open-addressing table of the cells themselves (linear probing on the pid): a parent of
 * many children pays a few bytes per child, where a map would add an entry and a boxed key each.
 * Thread-safe; every operation takes the table's lock, as children link and unlink only when they
 * start and stop.
 */
final class ChildTable {
  private static final int MIN_CAPACITY = 4;

  private final WeakReference<InstanceCell> owner;
  // Guarded by this. A power of two in length, at most three quarters full.
  private @Nullable InstanceCell[] cells = new InstanceCell[MIN_CAPACITY];
  private int size;

  ChildTable(InstanceCell owner) {
    this.owner = new WeakReference<>(owner);
  }

  /** The weak reference to the owning cell, shared by all its children. */
  WeakReference<InstanceCell> owner() {
    return owner;
  }

  private static int slot(long pid, int mask) {
    // Pids are mostly consecutive; spread them so runs do not cluster.
    return (int) ((pid * 0x9E3779B97F4A7C15L) >>> 32) & mask;
  }

  /** Links {@code child}, replacing a linked cell with the same pid. */
  synchronized void put(InstanceCell child) {
    long pid = child.actorId().pid();
    int mask = cells.length - 1;
    for (int i = slot(pid, mask); ; i = (i + 1) & mask) {
      InstanceCell c = cells[i];
      if (c == null) {
        cells[i] = child;
        if (++size > cells.length * 3 / 4) {
          resize(cells.length * 2);
        }
        return;
      }
      if (c.actorId().pid() == pid) {
        cells[i] = child;
        return;
      }
    }
  }

  /** Unlinks {@code child} if it is the cell linked under its pid; returns whether it was. */
  synchronized boolean remove(InstanceCell child) {
    int mask = cells.length - 1;
    int i = indexOf(child.actorId().pid());
    if (i < 0 || cells[i] != child) {
      return false;
    }
    // Backward-shift deletion: move later members of the probe run into the gap, so lookups
    // never stop early at it.
    int gap = i;
    for (int j = (i + 1) & mask; cells[j] != null; j = (j + 1) & mask) {
      int home = slot(cells[j].actorId().pid(), mask);
      // The member at j may fill the gap unless its home lies cyclically in (gap, j].
      boolean homeAfterGap = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
      if (!homeAfterGap) {
        cells[gap] = cells[j];
        gap = j;
      }
    }
    cells[gap] = null;
    size--;
    if (cells.length > MIN_CAPACITY && size < cells.length / 8) {
      resize(cells.length / 2);
    }
    return true;
  }

  private int indexOf(long pid) {
    int mask = cells.length - 1;
    for (int i = slot(pid, mask); ; i = (i + 1) & mask) {
      InstanceCell c = cells[i];
      if (c == null) {
        return -1;
      }
      if (c.actorId().pid() == pid) {
        return i;
      }
    }
  }

  private void resize(int capacity) {
    InstanceCell[] old = cells;
    InstanceCell[] grown = new InstanceCell[capacity];
    int mask = capacity - 1;
    for (InstanceCell c : old) {
      if (c != null) {
        int i = slot(c.actorId().pid(), mask);
        while (grown[i] != null) {
          i = (i + 1) & mask;
        }
        grown[i] = c;
      }
    }
    cells = grown;
  }

  synchronized boolean contains(long pid) {
    return indexOf(pid) >= 0;
  }

  synchronized int size() {
    return size;
  }

  synchronized void clear() {
    cells = new InstanceCell[MIN_CAPACITY];
    size = 0;
  }

  /** The linked cells ordered by pid; a fresh list. */
  List<InstanceCell> sortedCells() {
    List<InstanceCell> out;
    synchronized (this) {
      out = new ArrayList<>(size);
      for (InstanceCell c : cells) {
        if (c != null) {
          out.add(c);
        }
      }
    }
    out.sort(Comparator.comparingLong(c -> c.actorId().pid()));
    return out;
  }
}

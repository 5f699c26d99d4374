package io.cutover.tree;

/** A node as a tree table holds it now: its row id and its values. */
record StoredNode(long id, TreeNode node) {}

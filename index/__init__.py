"""Embeddings and the FAISS claim index."""

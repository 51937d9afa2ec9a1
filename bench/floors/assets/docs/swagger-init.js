// A stand-in asset: the floors run behind the same asset router as the product.

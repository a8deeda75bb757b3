package com.example.shop.catalog.stock;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface StockReservationRepository extends JpaRepository<StockReservation, UUID> {

}
